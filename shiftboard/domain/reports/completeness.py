"""Record completeness (DOMAIN §6): which fields make a record of each kind complete, the
share of complete records, and the team's goal line (one team found 68%, and aimed for 85%).

The fields are the team's (`reports.toml`, `[completeness]`); they are drawn from the fields
whose emptiness every case's contribution counts (facts.CANDIDATES), so the share can be
worked out from the kept per-day counts, for any choice of fields, without a recount.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from shiftboard.domain.problems import FileProblems, open_document
from shiftboard.domain.reports.facts import CANDIDATES


class ReportSettings(NamedTuple):
    """The team's choices for its reports."""

    fields: Mapping[str, tuple[str, ...]]  # kind → the fields a complete record has
    goal: int  # percent
    ack_minutes: int  # a handover acknowledged within this long after its shift takes over


DEFAULT = ReportSettings({"after_sales": ("buyer", "buyer_address")}, 85, 30)


class ReportSettingsError(FileProblems):
    """reports.toml has problems; `problems` lists every one with its line."""


def parse_settings(text: str) -> ReportSettings:
    data, check = open_document(text, {"completeness", "handover"}, ReportSettingsError)
    table = data.get("completeness", {})
    handover = data.get("handover", {})
    for name, value in (("completeness", table), ("handover", handover)):
        if not isinstance(value, dict):
            check.add((name,), "check.not_table")
    table = table if isinstance(table, dict) else {}
    handover = handover if isinstance(handover, dict) else {}
    check.known_keys(table, ("completeness",), {"goal", *CANDIDATES})
    check.known_keys(handover, ("handover",), {"ack_minutes"})
    goal = _whole(check, table, ("completeness", "goal"), DEFAULT.goal, 100)
    ack = _whole(check, handover, ("handover", "ack_minutes"), DEFAULT.ack_minutes, 24 * 60)
    fields: dict[str, tuple[str, ...]] = {}
    for kind, allowed in CANDIDATES.items():
        wanted = table.get(kind, [])
        if not isinstance(wanted, list) or any(name not in allowed for name in wanted):
            check.add(("completeness", kind), "report.bad_fields", kind=kind, allowed=", ".join(allowed))
        elif wanted:
            fields[kind] = tuple(dict.fromkeys(wanted))
    if check.problems:
        raise ReportSettingsError(check.sorted_problems())
    return ReportSettings(fields, goal, ack)


def _whole(check, table: dict, path: tuple, default: int, most: int) -> int:
    value = table.get(path[-1], default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        check.add(path, "report.bad_number", name=path[-1], value=value, most=most)
        return default
    return value


def missing(kind: str, empty: str | list[str], settings: ReportSettings) -> tuple[str, ...]:
    """The required fields a record of `kind` leaves empty (`empty`: its signature or list)."""
    names = set(empty.split(",") if isinstance(empty, str) else empty)
    return tuple(name for name in settings.fields.get(kind, ()) if name in names)


class Share(NamedTuple):
    complete: int
    total: int

    @property
    def ratio(self) -> float | None:
        return self.complete / self.total if self.total else None

    def __add__(self, other: Share) -> Share:  # type: ignore[override]
        return Share(self.complete + other.complete, self.total + other.total)


def share_of(metrics: Mapping[str, int], settings: ReportSettings) -> Share:
    """Complete records among those counted in `metrics` (`fields.KIND.SIGNATURE` counters);
    only kinds the team asks fields of are counted."""
    complete = total = 0
    for metric, n in metrics.items():
        if not metric.startswith("fields."):
            continue
        _, kind, signature = metric.split(".", 2)
        if kind not in settings.fields:
            continue
        total += n
        if not missing(kind, signature, settings):
            complete += n
    return Share(complete, total)
