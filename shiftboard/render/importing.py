"""An import's report as lines, JSON and a result CSV (all words via `t`; cells from the file
pass through `visible`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from shiftboard.errors import ShiftboardError
from shiftboard.i18n import join, t
from shiftboard.importers.plan import Action, Outcome
from shiftboard.importers.rows import RowProblem
from shiftboard.render.case import worded
from shiftboard.render.fmt import pad, word
from shiftboard.sanitize import visible
from shiftboard.services.importing import Report


def problem_text(problem: RowProblem) -> str:
    """One problem or note in the agent's words: `订单编号: the digits are gone ("2.02611E+17")`."""
    params = dict(problem.params)
    for name in ("state", "target"):
        if name in params:
            params[name] = word("status", params[name])
    if "field" in params:
        params["field"] = word("label", params["field"])
    if problem.key == "import.jump_refused":
        reason = worded(ShiftboardError(params["key"], **problem.params))
        params["reason"] = t(reason.key, **reason.params)
    message = visible(t(problem.key, **params))
    value = params.get("value")
    if value not in (None, "") and "{value}" not in t(problem.key):
        message = t("import.with_value", message=message, value=visible(value))
    return f"{visible(problem.column)}: {message}" if problem.column else message


def changes_text(outcome: Outcome) -> str:
    parts = []
    if outcome.fields:
        parts.append(join(word("label", name) for name in outcome.fields))
    if outcome.moves:
        parts.append(" → ".join(word("move", move) for move in outcome.moves))
    return "; ".join(parts)


def header_line(report: Report) -> str:
    source = f"{report.encoding} · {report.sheet}" if report.sheet else report.encoding
    return t("import.read", file=visible(Path(report.file).name), source=source, mapping=visible(report.mapping),
             row=report.header_row)


def outcome_lines(outcome: Outcome) -> list[str]:
    action = pad(t(f"import.action.{outcome.action.value}"), 8)
    detail = "; ".join(problem_text(p) for p in outcome.problems) if outcome.problems else changes_text(outcome)
    lines = [f"{pad(t('import.row_no', row=outcome.row), 10)}{action}  {detail}".rstrip()]
    lines += [f"{' ' * 12}! {problem_text(note)}" for note in outcome.notes]
    return lines


def summary_line(report: Report) -> str:
    counts = {action.value: report.count(action) for action in Action}
    return t("import.summary", rows=len(report.outcomes), notes=report.notes, **counts)


def report_lines(report: Report) -> list[str]:
    lines = [header_line(report)]
    for outcome in report.outcomes:
        lines += outcome_lines(outcome)
    lines.append(summary_line(report))
    return lines


def _problem_json(problem: RowProblem) -> dict:
    return {"column": problem.column, "key": problem.key, "params": dict(problem.params),
            "message": problem_text(problem)}


def report_json(report: Report) -> dict:
    return {"file": report.file, "encoding": report.encoding, "sheet": report.sheet, "mapping": report.mapping,
            "header_row": report.header_row, "written": report.written,
            "counts": {action.value: report.count(action) for action in Action},
            "rows": [{"row": o.row, "action": o.action.value, "case": o.case_id, "fields": list(o.fields),
                      "moves": list(o.moves), "problems": [_problem_json(p) for p in o.problems],
                      "notes": [_problem_json(n) for n in o.notes]} for o in report.outcomes]}


def result_csv(report: Report) -> str:
    """Each row's outcome as a CSV a spreadsheet opens (UTF-8 with its BOM, for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([t(f"import.csv.{name}") for name in ("row", "action", "case", "changes", "problems")])
    for o in report.outcomes:
        said = "; ".join(problem_text(p) for p in (*o.problems, *o.notes))
        writer.writerow([o.row, t(f"import.action.{o.action.value}"), o.case_id or "", changes_text(o), said])
    return "\ufeff" + out.getvalue()
