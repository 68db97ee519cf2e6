"""Use cases of the KPI sheet: the month's sheet of every agent, and a lead's entry of a part
they judge (recorded with who and when; the latest entry of a part counts)."""

from __future__ import annotations

from pathlib import Path

from shiftboard.domain.reports.kpi import (Facts, KpiSettings, Sheet, clean_value, parse_kpi_settings, sheet,
                                           sheet_tables)
from shiftboard.domain.reports.period import PeriodKind, parse_day, period_of
from shiftboard.domain.reports.report import Report, Wanted
from shiftboard.services.case_files import team_or_shipped
from shiftboard.services.reports import ReportService
from shiftboard.services.shift import InvalidFile, parse_team_file

KPI_FILE = "kpi.toml"


class KpiSettingsInvalid(InvalidFile):
    message = "kpi.settings_invalid"


def kpi_path(store) -> Path:
    return team_or_shipped(store, KPI_FILE)


def check_month(month: str) -> str:
    parse_day(f"{month}-01")
    return month


class KpiService:
    def __init__(self, reports: ReportService) -> None:
        self.reports, self.store, self.clock = reports, reports.store, reports.clock

    def settings(self) -> KpiSettings:
        return parse_team_file(kpi_path(self.store), self.store, parse_kpi_settings, KpiSettingsInvalid)

    def require_judge(self) -> None:
        """Refuse, naming the roles that may, unless this account may enter the judged parts
        of a sheet (roles.toml: `kpi.judge`, a lead's by default; anyone without accounts)."""
        from shiftboard.services.approvals import acting

        acting(self.store).require("kpi.judge")

    def enter(self, agent: str, month: str, field: str, value: str) -> dict:
        """Record a lead's entry on `agent`'s sheet for `month`."""
        self.require_judge()
        clean = clean_value(field, value)
        entry = {"field": field, "value": clean, "by": self.reports.agent, "at": self.clock.now().isoformat()}

        def added(record: dict | None) -> dict:
            record = record or {"month": check_month(month), "agent": agent.strip(), "entries": []}
            record["entries"].append(entry)
            return record

        return self.store.kpi.live.update(f"{check_month(month)}/{agent.strip()}", added)

    def _entries(self, month: str) -> dict[str, dict[str, dict]]:
        """agent → field → its latest entry."""
        found: dict[str, dict[str, dict]] = {}
        for record in self.store.kpi.live.read():
            if record.get("month") == month:
                latest = found.setdefault(record["agent"], {})
                for entry in record.get("entries", ()):
                    latest[entry["field"]] = entry
        return found

    def sheets(self, month: str) -> list[Sheet]:
        """The month's sheet of every agent who worked cases or has entries."""
        period = self.reports.period(PeriodKind.MONTH, parse_day(f"{check_month(month)}-01"))
        tally = self.reports.tally(period, Wanted())
        entries, settings = self._entries(month), self.settings()
        agents = sorted({a for a in tally.agents if a != "-"} | set(entries))
        return [sheet(agent, month, _facts(tally.agents.get(agent, {})), entries.get(agent, {}), settings)
                for agent in agents]


    def report(self, month: str) -> Report:
        """The sheets as a report (its tables render and export like any report's)."""
        period = period_of(PeriodKind.MONTH, parse_day(f"{check_month(month)}-01"))
        return Report(period, Wanted(), sheet_tables(self.sheets(month)), {"opened": []}, heading="kpi.title")


def _facts(metrics) -> Facts:
    return Facts(metrics.get("as.refunded", 0), metrics.get("complaint.verified", 0),
                 metrics.get("as.rating.1", 0) + metrics.get("as.rating.2", 0), metrics.get("as.rating.5", 0))
