"""The parts of a report that come from shift runs and handovers, and the complaint clocks.

Runs and handovers are few (two runs a day, a handover or two per run): they are read for
the period and counted here directly. Complaint clocks are judged against the team's policy
when the report is made: from the kept facts of closed complaints (met on time, met late,
missed) and from the open complaints now (at risk, breached).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from pendulum import DateTime

from shiftboard.domain.cases.clocks import ClockStatus, Policy
from shiftboard.domain.reports.tables import Table, ratio
from shiftboard.domain.shift.run import ItemStatus, ShiftView

CLOCK_COLUMNS = ("complaint_kind", "clock", "met", "late", "missed", "at_risk", "breached")


def _time(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else None


def closed_clock(policy: Policy, fact: list) -> Iterable[tuple[str, str, str]]:
    """(complaint kind, clock, outcome) of each clock of a closed complaint's fact: met on
    time, late, or missed (never met though due before it closed)."""
    _store, _agent, kind, events, met, closed_at = fact
    closed = _time(closed_at)
    for rule in policy.kinds.get(kind, ()):
        start = _time(events.get(rule.anchor))
        if start is None:
            continue
        due, done = start + timedelta(minutes=rule.minutes), _time(met.get(rule.id))
        if done is not None:
            yield kind, rule.id, "met" if done <= due else "late"
        elif closed is not None and due <= closed:
            yield kind, rule.id, "missed"


def open_clocks(views: Iterable) -> Iterable[tuple[str, str, str]]:
    """(complaint kind, clock, at_risk/breached) of the open complaints' running clocks."""
    for view in views:
        kind = view.case.get("complaint_kind")
        for found in view.deadlines:
            if kind and found.status in (ClockStatus.AT_RISK, ClockStatus.BREACHED):
                yield kind, found.rule.id, found.status.value


def clock_table(outcomes: Iterable[tuple[str, str, str]]) -> Table:
    counts = Counter(outcomes)
    keys = sorted({(kind, clock) for kind, clock, _ in counts})
    rows = [(kind, clock, *(counts[(kind, clock, what)] for what in CLOCK_COLUMNS[2:])) for kind, clock in keys]
    return Table("clocks", CLOCK_COLUMNS, rows)


def checklist_tables(views: Iterable[ShiftView]) -> tuple[Table, Table]:
    """Completion per block (items, done, skipped, missed, share done) and the reasons skips
    were given for, with how often."""
    per_block: dict[str, list[int]] = {}
    reasons: Counter = Counter()
    for view in views:
        for block in view.blocks:
            line = per_block.setdefault(block.block.title, [0, 0, 0, 0])
            for item in block.items:
                line[0] += 1
                if item.status is ItemStatus.DONE:
                    line[1] += 1
                elif item.status is ItemStatus.SKIPPED:
                    line[2] += 1
                    reasons[(block.block.title, (item.mark.reason if item.mark else None) or "-")] += 1
                elif item.status is ItemStatus.OVERDUE:
                    line[3] += 1
    rows = [(title, *line, ratio(line[1] + line[2], line[0])) for title, line in per_block.items()]
    skips = [(title, reason, n) for (title, reason), n in sorted(reasons.items(), key=lambda x: (-x[1], x[0]))]
    return (Table("checklist", ("block", "items", "done", "skipped", "missed", "rate"), rows),
            Table("skips", ("block", "reason", "count"), skips))


def handover_table(records: Iterable[tuple[dict, DateTime | None]], ack_minutes: int) -> Table:
    """Per outgoing agent: handovers, signed before their shift ended, acknowledged in time
    (within `ack_minutes` of the next shift's start, or of the signature if later)."""
    per_agent: dict[str, list[int]] = {}
    for record, shift_end in records:
        line = per_agent.setdefault(record.get("from") or "-", [0, 0, 0])
        line[0] += 1
        signed = _time((record.get("signed") or {}).get("at"))
        if signed is None:
            continue
        if shift_end is not None and signed <= shift_end:
            line[1] += 1
        acks = [moment for ack in record.get("acks", ()) if (moment := _time(ack.get("at")))]
        start = _time((record.get("to") or {}).get("start"))
        base = max(signed, start) if start else signed
        if acks and min(acks) <= base + timedelta(minutes=ack_minutes):
            line[2] += 1
    rows = [(agent, total, signed, acked, ratio(acked, total)) for agent, (total, signed, acked)
            in sorted(per_agent.items())]
    return Table("handovers", ("agent", "handovers", "signed_in_time", "acked_in_time", "rate"), rows)
