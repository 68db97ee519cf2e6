"""Reports as text: a terminal table, Markdown for the team chat, CSV for Excel, and the
documented JSON (README: "report --json"). Headers and words in the current language; text
that came from people (stores, agents, skip reasons) passes through `visible`."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from rich.cells import cell_len

from shiftboard.domain.reports.report import Report
from shiftboard.domain.reports.tables import SHARES, WORDS, Table
from shiftboard.i18n import join, t
from shiftboard.render.fmt import pad, word
from shiftboard.sanitize import visible

JSON_SCHEMA = 1
SPARKS = "▁▂▃▄▅▆▇█"


def header(column: str) -> str:
    return t(f"report.col.{column}")


def cell(column: str, value: object) -> str:
    """One value as shown: a share as a percentage, a word translated, text made visible."""
    if value is None:
        return "-"
    if column in SHARES:
        return f"{float(value) * 100:.1f}%"
    if column in WORDS:
        return visible(word(WORDS[column], value))
    if column == "missing":
        return join(t(f"case.label.{name}") for name in value)
    if column == "part":
        return t(f"kpi.part.{value}")
    if column == "source":  # the records, or who entered the part when
        return visible(str(value).replace("@data", t("kpi.from_data")))
    return visible(value) if isinstance(value, str) else str(value)


def title(report: Report) -> str:
    narrowed = [visible(part) for part in (report.wanted.store, report.wanted.agent) if part]
    heading = report.heading or f"report.title.{report.period.kind.value}"
    return t(heading, label=report.period.label) + \
        (f" · {' · '.join(narrowed)}" if narrowed else "")


def sparkline(values: list[float]) -> str:
    """▁▃█▅: one block per value, scaled to the largest."""
    top = max(values, default=0)
    if not top:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, int(v / top * (len(SPARKS) - 1)))] for v in values)


def table_lines(table: Table) -> list[str]:
    """A table in aligned columns (Chinese counts two cells)."""
    heads = [header(c) for c in table.columns]
    rows = [[cell(c, v) for c, v in zip(table.columns, row)] for row in table.rows]
    widths = [max(cell_len(text) for text in column) for column in zip(heads, *rows)]
    lines = ["  ".join(pad(h, w) for h, w in zip(heads, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(pad(v, w) for v, w in zip(row, widths)).rstrip() for row in rows]
    if not rows:
        lines.append(t("report.empty"))
    return lines


def text(report: Report) -> str:
    lines = [title(report)]
    opened = [v for _, v in report.series["opened"]]
    if len(opened) > 1:
        lines.append(t("report.trend", spark=sparkline(opened)))
    for table in report.tables:
        lines += ["", f"## {t(f'report.table.{table.id}')}", *table_lines(table)]
    return "\n".join(lines) + "\n"


def markdown(report: Report) -> str:
    lines = [f"# {title(report)}"]
    for table in report.tables:
        lines += ["", f"## {t(f'report.table.{table.id}')}", ""]
        lines.append("| " + " | ".join(header(c) for c in table.columns) + " |")
        lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
        for row in table.rows:
            lines.append("| " + " | ".join(cell(c, v).replace("|", "\\|") for c, v in zip(table.columns, row)) + " |")
        if not table.rows:
            lines.append("| " + t("report.empty") + " |" + " |" * (len(table.columns) - 1))
    return "\n".join(lines) + "\n"


def csv_text(report: Report) -> str:
    """Every table one after the other, each under its title, UTF-8 with a BOM (the caller
    encodes it so): Chinese Excel then opens it without garbling."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title(report)])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([t(f"report.table.{table.id}")])
        writer.writerow([header(c) for c in table.columns])
        writer.writerows([_csv_cell(c, v) for c, v in zip(table.columns, row)] for row in table.rows)
    return "\ufeff" + out.getvalue()


def _csv_cell(column: str, value: object) -> object:
    if column == "order_no" and value:  # Excel would turn 18 digits into 2.02611E+17, lost for good
        return "\t" + cell(column, value)
    if column in WORDS or column == "missing" or isinstance(value, str):
        return cell(column, value)
    return "" if value is None else value


def _json_value(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    return str(value) if isinstance(value, Decimal) else value


def as_json(report: Report) -> dict:
    """The documented `report --json` shape (README): raw values, ids not words."""
    period = report.period
    return {
        "schema": JSON_SCHEMA,
        "period": {"kind": period.kind.value, "label": period.label, "first": period.first.isoformat(),
                   "last": period.last.isoformat()},
        "store": report.wanted.store, "agent": report.wanted.agent,
        "tables": {table.id: [{c: _json_value(v) for c, v in zip(table.columns, row)} for row in table.rows]
                   for table in report.tables},
        "series": {name: [[label, value] for label, value in points] for name, points in report.series.items()},
    }
