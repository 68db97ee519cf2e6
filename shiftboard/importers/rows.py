"""Each row of an export turned into what a case would hold: the case form's clean values (the
same validation as a typed case), our refund state, the platform's times — or the problems
that refuse the row, each with its column."""

from __future__ import annotations

from typing import NamedTuple

from pendulum import DateTime

from shiftboard.domain.cases.form import Rule, spec_of, validate_input
from shiftboard.domain.cases.refund import Request
from shiftboard.importers.cells import amount_cell, number_cell, quantity_cell, raw_text, text_cell, time_cell
from shiftboard.importers.mapping import IMPORT_ONLY, KIND, Header, Mapping

_CLEANERS = {Rule.DIGITS: number_cell, Rule.TRACKING: number_cell, Rule.AMOUNT: amount_cell,
             Rule.QUANTITY: quantity_cell}


class RowProblem(NamedTuple):
    column: str  # the header as written ("" when the problem is the row's)
    key: str
    params: dict


class Incoming(NamedTuple):
    """One row as a case would hold it."""

    row: int  # 1-based, as a spreadsheet numbers it
    values: dict[str, object]  # clean case fields
    state: str | None  # our refund state
    applied_at: str | None
    modified_at: str | None
    problems: tuple[RowProblem, ...]


def data_rows(rows: list[list[object]], header: Header) -> list[tuple[int, list[object]]]:
    """(row number, cells) below the header; blank rows (trailing ones, spacers) left out."""
    return [(number, row) for number, row in enumerate(rows[header.row + 1:], header.row + 2)
            if any(raw_text(cell) for cell in row)]


def read_row(number: int, cells: list[object], header: Header, mapping: Mapping, store: str | None,
             now: DateTime) -> Incoming:
    raw: dict[str, object] = {"source": mapping.name, **mapping.defaults}
    if store:
        raw["store"] = store
    problems: list[RowProblem] = []
    extra: dict[str, object] = {}
    bad: set[str] = set()  # fields whose cell was refused: their form error would say it twice
    for field, column in header.columns.items():
        cell = cells[column] if column < len(cells) else None
        value, problem = _clean(field, cell, now.timezone_name)
        if problem:
            bad.add(field)
            problems.append(RowProblem(header.names[column], problem, {"value": raw_text(cell)}))
        elif field in IMPORT_ONLY:
            extra[field] = value
        elif value not in ("", None) or field not in raw:
            raw[field] = value
    state = _state(extra.get("status"), header, mapping, problems)
    _request(raw, header, mapping, problems)
    clean, errors = validate_input(KIND, raw, now)
    for field, error in ((f, e) for f, e in errors.items() if f not in bad):
        column = header.columns.get(field)
        problems.append(RowProblem(header.names[column] if column is not None else field, error.key,
                                   {**error.params, "value": raw_text(raw.get(field))}))
    return Incoming(number, clean, state, extra.get("applied_at"), extra.get("modified_at"), tuple(problems))


def _clean(field: str, cell: object, timezone: str) -> tuple[object, str | None]:
    if field in ("applied_at", "modified_at"):
        return time_cell(cell, timezone)
    spec = spec_of(KIND, field)
    if spec is not None and spec.rule is Rule.TIME:
        return time_cell(cell, timezone)
    return _CLEANERS.get(spec.rule if spec else Rule.TEXT, text_cell)(cell)


def _state(word: object, header: Header, mapping: Mapping, problems: list[RowProblem]) -> str | None:
    if not word:
        problems.append(RowProblem(header.names[header.columns["status"]], "import.row.no_status", {}))
        return None
    state = mapping.state_of(str(word))
    if state is None:
        problems.append(RowProblem(header.names[header.columns["status"]], "import.row.unknown_status",
                                   {"value": word}))
    return state


def _request(raw: dict, header: Header, mapping: Mapping, problems: list[RowProblem]) -> None:
    """The export's word for the request (仅退款 …) as ours; an empty cell: return and refund."""
    word = raw.pop("request", None)
    if not word:
        return
    request = mapping.request_of(str(word)) or (str(word) if str(word) in set(Request) else None)
    if request is None:
        column = header.columns.get("request")
        problems.append(RowProblem(header.names[column] if column is not None else "request",
                                   "import.row.unknown_request", {"value": word}))
    else:
        raw["request"] = request
