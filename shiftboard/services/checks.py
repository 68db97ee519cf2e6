"""`shiftboard check`: validate every file a team edits by hand, reporting all problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pendulum import Date

from shiftboard.config import Settings, parse_config
from shiftboard.domain.cases.clocks import parse_policy
from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.domain.cases.rules import parse_rules
from shiftboard.domain.team.roles import parse_roles
from shiftboard.services.approvals import roles_path
from shiftboard.domain.problems import FileProblems, Problem
from shiftboard.services.shift import playbook_path
from shiftboard.services.case_files import policy_path, rules_path
from shiftboard.services.importing import check_mappings
from shiftboard.services.replies import check_reply_files
from shiftboard.domain.reports.completeness import parse_settings as parse_report_settings
from shiftboard.services.reports import settings_path as report_settings_path
from shiftboard.domain.reports.kpi import parse_kpi_settings
from shiftboard.services.kpi import kpi_path
from shiftboard.errors import ShiftboardError
from shiftboard.store import Store
from shiftboard.store.teamfiles import present


def _read(path: Path, store: Store) -> tuple[str | None, list[Problem]]:
    try:
        return store.read_text(path), []
    except ShiftboardError as error:
        return None, [Problem(0, error.key, error.params)]


def check_parsed(path: Path, store: Store, parse: Callable[[str], object]) -> list[Problem]:
    """The problems `parse` finds in a team file (none: the file is fine)."""
    text, problems = _read(path, store)
    if text is None:
        return problems
    try:
        parse(text)
    except FileProblems as error:
        return error.problems
    return []


def check_config(path: Path, store: Store) -> list[Problem]:
    text, problems = _read(path, store)
    return problems if text is None else parse_config(text)[1]


def check_files(settings: Settings, store: Store, today: Date | None = None) -> list[tuple[Path, list[Problem]]]:
    """Each file checked, with its problems (an empty list: the file is fine). `today` names a
    year the holiday calendar does not know yet."""
    playbook, policy = playbook_path(settings, store), policy_path(store)
    results = [(playbook, check_parsed(playbook, store, parse_playbook))]
    if present(store.config_path):
        results.append((store.config_path, check_config(store.config_path, store)))
    results.append((policy, check_parsed(policy, store, parse_policy)))
    results.append((rules_path(store), check_parsed(rules_path(store), store, parse_rules)))
    reports = report_settings_path(store)
    results.append((reports, check_parsed(reports, store, parse_report_settings)))
    results.append((kpi_path(store), check_parsed(kpi_path(store), store, parse_kpi_settings)))
    results.append((roles_path(store), check_parsed(roles_path(store), store, parse_roles)))
    results += check_reply_files(settings, store, today)
    results += check_mappings(store)
    return results
