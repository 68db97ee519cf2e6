"""The import use case: a platform export previewed row by row, then written whole or not at all.

Reading and planning are the importers' (pure); this joins them to the store. The real run
plans again under the lock of every live case shard — against what is stored at that moment —
and writes only if no row is refused: a file with one bad row changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ulid import ULID

from shiftboard.clock import Clock
from shiftboard.domain.cases.model import CaseKind, search_key
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import join, t
from shiftboard.importers.mapping import Header, Mapping, find_header, parse_mapping
from shiftboard.domain.cases.flows import register_entry
from shiftboard.importers.plan import Action, Outcome, Planned, mark_imported, plan_existing, plan_new, refused
from shiftboard.importers.reading import Table, read_export
from shiftboard.importers.rows import Incoming, RowProblem, data_rows, read_row
from shiftboard.sanitize import visible
from shiftboard.services.shift import InvalidFile, parse_team_file
from shiftboard.store import Store
from shiftboard.store.shipped import shipped

FOLDER = "import"


class MappingFileInvalid(InvalidFile):
    message = "import.mapping_invalid"


class Report(NamedTuple):
    """What an import did (or, in a preview, would do) with each row."""

    file: str
    encoding: str
    sheet: str | None
    mapping: str
    header_row: int  # 1-based
    outcomes: list[Outcome]
    written: bool

    def count(self, action: Action) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action is action)

    @property
    def notes(self) -> int:
        return sum(len(outcome.notes) for outcome in self.outcomes)


class ImportRefused(ShiftboardError):
    """Some rows are refused: nothing was written; `report` says which and why."""

    def __init__(self, report: Report) -> None:
        super().__init__("import.refused", count=report.count(Action.REFUSED), file=report.file)
        self.report = report


class Prepared(NamedTuple):
    table: Table
    name: str
    header: Header
    rows: list[Incoming]


def preset_paths(store: Store) -> dict[str, Path]:
    """Mapping presets by name: the shipped ones, and the team's own in `<data dir>/import/`
    (a team file of the same name wins)."""
    found = {}
    for folder in (shipped(FOLDER), store.root / FOLDER):
        if folder.is_dir():
            found.update({path.stem: path for path in sorted(folder.glob("*.toml"))})
    return found


def check_mappings(store: Store) -> list[tuple[Path, list]]:
    """`shiftboard check`: every mapping preset and team mapping file, with its problems."""
    from shiftboard.services.checks import check_parsed

    return [(path, check_parsed(path, store, parse_mapping)) for path in preset_paths(store).values()]


class ImportService:
    """Previews and runs imports for one agent."""

    def __init__(self, store: Store, clock: Clock, agent: str) -> None:
        self.store, self.clock, self.agent = store, clock, agent

    def load_mapping(self, path: Path) -> Mapping:
        return parse_team_file(path, self.store, parse_mapping, MappingFileInvalid)

    def _mappings(self, preset: str | None, mapping_file: Path | None) -> dict[str, Mapping]:
        if mapping_file is not None:
            return {mapping_file.name: self.load_mapping(mapping_file)}
        presets = preset_paths(self.store)
        if preset is not None:
            if preset not in presets:
                raise ShiftboardError("import.unknown_preset", name=preset, known=", ".join(presets) or "-")
            presets = {preset: presets[preset]}
        return {name: self.load_mapping(path) for name, path in presets.items()}

    def prepare(self, path: Path, preset: str | None = None, mapping_file: Path | None = None,
                store_name: str | None = None, sheet: str | None = None) -> Prepared:
        """The file read, its mapping chosen (the one given, else the preset its headers fit
        best) and each row cleaned."""
        mappings = self._mappings(preset, mapping_file)
        table = read_export(path, sheet)
        given = {"store"} if store_name else set()
        tried = [(name, mapping, find_header(table.rows, mapping)) for name, mapping in mappings.items()]
        fitting = [entry for entry in tried if not entry[2].missing(entry[1], given)]
        if not fitting:
            name, mapping, header = max(tried, key=lambda entry: len(entry[2].columns))
            headers = join(visible(h) for h in header.names if h) or "-"
            missing = join(t(f"case.label.{field}") for field in header.missing(mapping, given))
            raise ShiftboardError("import.headers_unmatched", file=str(path), headers=headers,
                                  missing=missing, mapping=name)
        name, mapping, header = max(fitting, key=lambda entry: len(entry[2].columns))
        now = self.clock.now()
        rows = [read_row(number, cells, header, mapping, store_name, now)
                for number, cells in data_rows(table.rows, header)]
        if not rows:
            raise ShiftboardError("import.no_rows", file=str(path))
        return Prepared(table, name, header, rows)

    def preview(self, path: Path, **how) -> Report:
        """What importing `path` would do, row by row; nothing is written."""
        prepared = self.prepare(path, **how)
        outcomes, _ = self._plan(prepared, self.store.cases.live.read())
        return self._report(path, prepared, outcomes, written=False)

    def run(self, path: Path, **how) -> Report:
        """Import `path`: every row written, or — when any is refused — none (ImportRefused)."""
        from shiftboard.services.approvals import acting

        gate = acting(self.store)
        gate.require("import.run")
        prepared = self.prepare(path, **how)
        result: list[Outcome] = []

        def plan(live: list[dict]) -> list[dict]:
            outcomes, writes = self._plan(prepared, live)
            result[:] = outcomes
            if any(outcome.action is Action.REFUSED for outcome in outcomes):
                raise ImportRefused(self._report(path, prepared, outcomes, written=False))
            if any(case.get("kind") == CaseKind.RETURN.value for case in writes):
                gate.require("register.write")
            return writes

        self.store.cases.write_many(plan)
        return self._report(path, prepared, result, written=True)

    def _report(self, path: Path, prepared: Prepared, outcomes: list[Outcome], written: bool) -> Report:
        return Report(str(path), prepared.table.encoding, prepared.table.sheet, prepared.name,
                      prepared.header.row + 1, outcomes, written)

    # -- planning ------------------------------------------------------------------------

    def _plan(self, prepared: Prepared, live: list[dict]) -> tuple[list[Outcome], list[dict]]:
        """Each row's outcome, in file order, and the cases to write. A row sees what the rows
        above it did, so a number twice in one file makes one case."""
        now = self.clock.now()
        header = prepared.header
        columns = {field: header.names[column] for field, column in header.columns.items()}
        matcher = _Matcher([case for case in live if case.get("kind") == CaseKind.AFTER_SALES])
        archived = self._archived(prepared.rows)
        outcomes, writes = [], {}
        for row in prepared.rows:
            planned = self._plan_row(row, matcher, archived, columns, now)
            if planned.case is not None:
                writes[planned.case["id"]] = planned.case
                matcher.add(planned.case)
                entry = self._register_entry(planned, now)
                if entry is not None:  # not for the matcher: it is not the request
                    writes[entry["id"]] = entry
            outcomes.append(planned.outcome)
        return outcomes, list(writes.values())

    def _plan_row(self, row: Incoming, matcher: _Matcher, archived: dict[str, list[dict]],
                  columns: dict[str, str], now) -> Planned:
        if row.problems:
            return refused(row)
        case = matcher.match(row.values)
        if case is not None:
            return plan_existing(row, case, self.agent, now, columns)
        old = _archived_match(row.values, archived)
        if old is not None:
            notes = () if old.get("status") == row.state else (
                RowProblem(columns.get("status", "status"), "import.archived",
                           {"state": old.get("status"), "target": row.state}),)
            return Planned(Outcome(row.row, Action.UNCHANGED, old["id"], notes=notes), None)
        return plan_new(row, str(ULID()), self.agent, now, columns.get("status", "status"))

    def _register_entry(self, planned: Planned, now) -> dict | None:
        """A receipt the platform confirmed enters the parcel in the return register, as an
        agent's confirmation does."""
        if "confirm_receipt" not in planned.outcome.moves:
            return None
        entry = register_entry(planned.case, "confirm_receipt", str(ULID()), self.agent, now)
        mark_imported(entry["timeline"])
        return entry

    def _archived(self, rows: list[Incoming]) -> dict[str, list[dict]]:
        keys = {search_key(row.values[name]) for row in rows for name in ("after_sales_no", "order_no")
                if row.values.get(name)}
        return self.store.cases.archived_rows(keys)


class _Matcher:
    """Finds the case a row stands for: by after-sales no., else by order no. and item."""

    def __init__(self, cases: list[dict]) -> None:
        self.by_number: dict[str, dict] = {}
        self.by_order_item: dict[tuple[str, str], dict] = {}
        for case in cases:
            self.add(case)

    def add(self, case: dict) -> None:
        if case.get("after_sales_no"):
            self.by_number[str(case["after_sales_no"])] = case
        if case.get("order_no"):
            self.by_order_item[(str(case["order_no"]), str(case.get("item", "")))] = case

    def match(self, values: dict) -> dict | None:
        number = values.get("after_sales_no")
        if number and number in self.by_number:
            return self.by_number[number]
        found = self.by_order_item.get((str(values.get("order_no")), str(values.get("item", ""))))
        if found is not None and number and found.get("after_sales_no") not in (None, "", number):
            return None  # another request on the same order and item
        return found


def _archived_match(values: dict, archived: dict[str, list[dict]]) -> dict | None:
    number = values.get("after_sales_no")
    if number:
        for row in archived.get(search_key(number), ()):
            if row.get("after_sales_no") == number:
                return row
    for row in archived.get(search_key(values.get("order_no", "")), ()):
        if row.get("kind") == CaseKind.AFTER_SALES and row.get("item") == values.get("item") \
                and row.get("after_sales_no") in (None, "", number):
            return row
    return None
