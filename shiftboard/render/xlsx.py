"""A report as an Excel workbook (openpyxl): a sheet per table, headers in the current
language, the header row frozen, numbers as numbers (shares as percentages, money with two
decimals), columns wide enough for Chinese (two cells a character)."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from rich.cells import cell_len

from shiftboard.domain.reports.report import Report
from shiftboard.domain.reports.tables import MONEY, SHARES, WORDS
from shiftboard.i18n import t
from shiftboard.render.report import cell, header, title

#: Columns holding a time ("2026-11-23 14:30"): written as Excel dates, shown in this format.
TIMES = {"created": "yyyy-mm-dd hh:mm"}
#: Excel's limit on a sheet's name, and the characters it refuses in one.
NAME_LIMIT = 31
NOT_IN_NAMES = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _value(column: str, value: object) -> object:
    """What goes into the cell: numbers stay numbers; words and text as shown on screen."""
    if value is None:
        return None
    if column in TIMES:
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            return cell(column, value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool) or column in WORDS or not isinstance(value, int | float):
        return cell(column, value)
    return value


def workbook(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in report.tables:
        sheet = book.create_sheet(t(f"report.table.{table.id}").translate(NOT_IN_NAMES)[:NAME_LIMIT])
        sheet.append([header(c) for c in table.columns])
        for heading in sheet[1]:
            heading.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_value(c, v) for c, v in zip(table.columns, row)])
        for index, column in enumerate(table.columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            fmt = "0.0%" if column in SHARES else "#,##0.00" if column in MONEY else TIMES.get(column)
            for (found,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if fmt and isinstance(found.value, int | float | datetime):
                    found.number_format = fmt
            widest = max((cell_len(str(c.value)) for (c,) in sheet.iter_rows(min_col=index, max_col=index)
                          if c.value is not None), default=4)
            sheet.column_dimensions[letter].width = min(60, widest + 2)
        sheet.freeze_panes = "A2"
    book.properties.title = title(report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
