"""Use cases of the lead's desk: a report over a day, week, month or year, narrowed to a store
or an agent; the records that are not complete yet.

Case figures come from the per-day summaries the store keeps up to date on every write
(store/summaries.py): a report reads one small file per day, never the cases themselves.
Runs and handovers are read for the period (a few per day), open complaints from the live
shards (their clocks are judged now).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from pendulum import Date

from shiftboard.clock import Clock
from shiftboard.domain.cases import desk
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.reports.completeness import ReportSettings, missing, parse_settings
from shiftboard.domain.reports.facts import empty_fields, slot
from shiftboard.domain.reports.period import Period, PeriodKind, period_of
from shiftboard.domain.reports.report import Report, Tally, Wanted, build_report
from shiftboard.domain.reports.tables import Table
from shiftboard.domain.shift.playbook import Playbook
from shiftboard.domain.shift.run import build_view, shift_bounds
from shiftboard.services.case_files import team_or_shipped
from shiftboard.services.cases import CaseService
from shiftboard.services.shift import InvalidFile, parse_team_file
from shiftboard.store import Store

SETTINGS_FILE = "reports.toml"


class ReportSettingsInvalid(InvalidFile):
    message = "report.settings_invalid"


def settings_path(store: Store) -> Path:
    return team_or_shipped(store, SETTINGS_FILE)


def load_settings(store: Store) -> ReportSettings:
    return parse_team_file(settings_path(store), store, parse_settings, ReportSettingsInvalid)


class Incomplete(NamedTuple):
    """A record that lacks fields the team asks for."""

    id: str
    created: str
    agent: str
    kind: str
    order_no: str
    missing: tuple[str, ...]


class ReportService:
    def __init__(self, store: Store, clock: Clock, agent: str, playbook: Playbook) -> None:
        self.store, self.clock, self.agent, self.playbook = store, clock, agent, playbook
        self.cases = CaseService(store, clock, agent)

    def period(self, kind: PeriodKind | str, day: Date | None = None) -> Period:
        return period_of(kind, day or self.clock.now().date())

    def settings(self) -> ReportSettings:
        return load_settings(self.store)

    def tally(self, period: Period, wanted: Wanted) -> Tally:
        """The kept per-day sums of the period. Kept by an older rule, or by a version of
        shiftboard that kept none, they are recounted first — or, where nothing may be written
        (a command that only reads), counted from every case in memory this once."""
        cases = self.store.cases
        days = period.days()
        if not cases.summaries.is_current() and not self.store.writable:
            found = cases.summaries.count(cases.stream_all(), days)
        else:
            if not cases.summaries.is_current():
                cases.recount()
            found = cases.summaries.days(days)
        tally = Tally(wanted)
        for day, slots, facts in found:
            tally.add_day(day, slots, facts)
        return tally

    def report(self, period: Period, wanted: Wanted = Wanted()) -> Report:
        policy, now = self.cases.policy, self.clock.now()
        open_views = [desk.view_of(policy, case, now) for case in self.store.cases.live.stream()
                      if case.get("kind") == CaseKind.COMPLAINT and wanted.takes(slot(case.get("store"),
                                                                                       case.get("handler")))]
        # Runs and handovers belong to shifts, not stores: a report narrowed to a store leaves them out.
        whole_team = wanted.store is None
        return build_report(period, self.tally(period, wanted), policy, self.settings(), open_views,
                            self._runs(period) if whole_team and wanted.agent is None else (),
                            self._handovers(period, wanted) if whole_team else ())

    def _months(self, period: Period) -> list[str]:
        return sorted({day[:7] for day in period.days()})

    def _records(self, collection, period: Period) -> Iterator[dict]:
        """The period's records of a run-like collection (live, then each month's history)."""
        first, last = period.first.isoformat(), period.last.isoformat()
        for table in [collection.live, *map(collection.history, self._months(period))]:
            for record in table.read():
                if first <= str(record.get("date", "")) <= last:
                    yield record

    def _runs(self, period: Period):
        now = self.clock.now()
        for run in self._records(self.store.runs, period):
            shift = self.playbook.shift(run.get("shift", ""))
            if shift is not None:
                yield build_view(shift, Date.fromisoformat(run["date"]), run, now)

    def _handovers(self, period: Period, wanted: Wanted):
        tz = self.clock.now().timezone_name
        for record in self._records(self.store.handovers, period):
            if wanted.agent is not None and record.get("from") != wanted.agent:
                continue
            shift = self.playbook.shift(record.get("shift", ""))
            end = shift_bounds(shift, Date.fromisoformat(record["date"]), tz)[1] if shift else None
            yield record, end

    def incomplete(self, period: Period, wanted: Wanted = Wanted(), limit: int = 200) -> list[Incomplete]:
        """The period's records that lack fields the team asks for (newest first), looked for
        among the live cases and the months they may have closed in."""
        settings, found = self.settings(), []
        first, last = period.first.isoformat(), period.last.isoformat()
        months = [m for m in self.store.cases.periods() if m >= first[:7]]
        tables = [*self.store.cases.live.tables, *(t for m in months for t in self.store.cases.history_tables(m))]
        for table in tables:
            for case in table.read():
                day = str(case.get("created_at", ""))[:10]
                if not first <= day <= last or not wanted.takes(slot(case.get("store"), case.get("handler"))):
                    continue
                lacking = missing(case.get("kind", ""), empty_fields(case), settings)
                if lacking:
                    found.append(Incomplete(case["id"], case["created_at"], case.get("handler") or "-",
                                            case["kind"], case.get("order_no") or "", lacking))
        found.sort(key=lambda row: row.created, reverse=True)
        return found[:limit]


def incomplete_table(rows: list[Incomplete]) -> Table:
    return Table("incomplete", ("id", "created", "agent", "kind", "order_no", "missing"),
                 [(r.id, r.created[:16].replace("T", " "), r.agent, r.kind, r.order_no, r.missing) for r in rows])
