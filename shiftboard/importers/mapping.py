"""A mapping: which column of an export holds which case field, and which of our refund states
each platform status word means. Presets ship in `data/import/`; a team may write its own
(validated by `shiftboard check`, problems as FILE:LINE: message).

    name = "taobao"
    [columns]                      # case field = header, or a list of headers it may go by
    after_sales_no = ["退款编号", "售后单号"]
    status = "退款状态"
    [states]                       # platform word = our state
    "WAIT_SELLER_AGREE" = "awaiting_seller"
    [requests]                     # what the export calls each kind of request
    "仅退款" = "refund"
    [defaults]                     # values for fields the export has no column for
    quantity = "1"
"""

from __future__ import annotations

from typing import NamedTuple

from shiftboard.domain.cases.form import REQUIRED, fields_of
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.cases.refund import RefundState, Request
from shiftboard.domain.problems import Checker, FileProblems, open_document
from shiftboard.importers.cells import fold

KIND = CaseKind.AFTER_SALES
#: Fields only an import has: the platform's status and its times (not case form fields).
IMPORT_ONLY = ("status", "applied_at", "modified_at")
FIELDS = tuple(spec.name for spec in fields_of(KIND) if spec.name != "note") + IMPORT_ONLY
#: A row needs one of these to be matched to a case.
ID_FIELDS = ("after_sales_no", "order_no")
#: How many rows above the header a title may take.
HEADER_SEARCH = 10


class MappingProblems(FileProblems):
    pass


class Mapping(NamedTuple):
    name: str
    columns: dict[str, tuple[str, ...]]  # field → headers (folded)
    states: dict[str, str]  # folded platform word → RefundState value
    requests: dict[str, str]  # folded platform word → Request value
    defaults: dict[str, str]

    def state_of(self, word: str) -> str | None:
        return self.states.get(header_key(word))

    def request_of(self, word: str) -> str | None:
        return self.requests.get(header_key(word))


class Header(NamedTuple):
    """Where the header row is (0-based) and the column of each field found in it."""

    row: int
    columns: dict[str, int]
    names: tuple[str, ...]  # the header row's cells, as written

    def missing(self, mapping: Mapping, given: set[str]) -> list[str]:
        """Fields a case needs that neither a column, the mapping's defaults nor `given` supply."""
        needed = [*REQUIRED[KIND], "status"]
        have = set(self.columns) | set(mapping.defaults) | given
        missing = [name for name in needed if name not in have]
        if not have & set(ID_FIELDS):
            missing.insert(0, "after_sales_no")
        return missing


def header_key(text: object) -> str:
    """A header or status word as compared: folded, no spaces or colons, case-free."""
    folded = fold(str(text or "")).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in ":：*")


def parse_mapping(text: str) -> Mapping:
    data, check = open_document(text, {"name", "columns", "states", "requests", "defaults"}, MappingProblems)
    name = check.text(data, (), "name") or ""
    columns = _columns(data, check)
    states = _words(data, check, "states", {s.value for s in RefundState})
    requests = _words(data, check, "requests", {r.value for r in Request}, required=False)
    defaults = _defaults(data, check)
    if check.problems:
        raise MappingProblems(check.sorted_problems())
    return Mapping(name, columns, states, requests, defaults)


def _table(data: dict, check: Checker, name: str, required: bool = True) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        check.add((name,), "import.mapping.not_table", name=name)
        return {}
    if required and not table:
        check.add((name,) if name in data else (), "check.missing", name=name)
    return table


def _columns(data: dict, check: Checker) -> dict[str, tuple[str, ...]]:
    table = _table(data, check, "columns")
    columns: dict[str, tuple[str, ...]] = {}
    for field, headers in table.items():
        if field not in FIELDS:
            check.add(("columns", field), "import.mapping.unknown_field", name=field, allowed=", ".join(FIELDS))
            continue
        names = [headers] if isinstance(headers, str) else headers
        if not isinstance(names, list) or not names or not all(isinstance(h, str) and h.strip() for h in names):
            check.add(("columns", field), "import.mapping.bad_headers", name=field)
            continue
        columns[field] = tuple(header_key(h) for h in names)
    if table and "status" not in table:
        check.add(("columns",), "check.missing", name="status")
    if table and not set(table) & set(ID_FIELDS):
        check.add(("columns",), "check.missing", name=" / ".join(ID_FIELDS))
    return columns


def _words(data: dict, check: Checker, name: str, allowed: set[str], required: bool = True) -> dict[str, str]:
    words: dict[str, str] = {}
    for word, value in _table(data, check, name, required).items():
        if value not in allowed:
            check.add((name, word), "import.mapping.bad_value", word=word, value=value,
                      allowed=", ".join(sorted(allowed)))
        else:
            words[header_key(word)] = value
    return words


def _defaults(data: dict, check: Checker) -> dict[str, str]:
    defaults: dict[str, str] = {}
    for field, value in _table(data, check, "defaults", required=False).items():
        if field not in FIELDS or field in IMPORT_ONLY:
            check.add(("defaults", field), "import.mapping.unknown_field", name=field, allowed=", ".join(FIELDS))
        elif not isinstance(value, (str, int)) or isinstance(value, bool):
            check.add(("defaults", field), "check.not_text", name=field)
        else:
            defaults[field] = str(value)
    return defaults


def find_header(rows: list[list[object]], mapping: Mapping) -> Header:
    """The row among the first few that names the most mapped columns (a title row or two
    may stand above it); the first non-empty row if none names any."""
    best = None
    for number, row in enumerate(rows[:HEADER_SEARCH]):
        keys = [header_key(cell) for cell in row]
        found = {field: _first_column(keys, names) for field, names in mapping.columns.items()}
        columns = {field: column for field, column in found.items() if column is not None}
        if best is None or len(columns) > len(best.columns):
            best = Header(number, columns, tuple(str(c or "").strip() for c in row))
    if best is None or not best.columns:
        first = next((n for n, row in enumerate(rows) if any(str(c or "").strip() for c in row)), 0)
        return Header(first, {}, tuple(str(c or "").strip() for c in (rows[first] if rows else ())))
    return best


def _first_column(keys: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in keys:
            return keys.index(name)
    return None
