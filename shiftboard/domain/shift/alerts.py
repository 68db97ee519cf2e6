"""What deserves a toast when time moves: a block starts, a block nears its end with open
items, a recurring occurrence falls due. Found by comparing the view before and after."""

from __future__ import annotations

from typing import NamedTuple
from enum import StrEnum

from pendulum import Duration, duration

from shiftboard.domain.shift.carried import LEAD_MINUTES, at_risk
from shiftboard.domain.shift.run import RESOLVED, BlockState, ItemStatus, ShiftView

WARN_BEFORE_END = duration(minutes=10)


class AlertKind(StrEnum):
    BLOCK_STARTED = "block_started"
    BLOCK_ENDING = "block_ending"
    OCCURRENCE_DUE = "occurrence_due"
    ACTION_AT_RISK = "action_at_risk"  # a carried action's deadline is `lead` minutes away
    ACTION_BREACHED = "action_breached"  # ... and has passed with the action still open


class Alert(NamedTuple):
    kind: AlertKind
    block: str  # block title (an action's owner for the action alerts)
    item: str | None = None  # item text for occurrences
    open_items: int = 0
    minutes_left: int = 0


def _ending(view: ShiftView, warn: Duration) -> set[str]:
    return {b.block.id for b in view.blocks
            if b.state is BlockState.CURRENT and b.end - view.now <= warn
            and any(i.status not in RESOLVED for i in b.items)}


def alerts(before: ShiftView, after: ShiftView, warn: Duration = WARN_BEFORE_END,
           lead: int = LEAD_MINUTES) -> list[Alert]:
    """Alerts for what changed between two views of the same run (none on a different run)."""
    if before.run_id != after.run_id:
        return []
    found: list[Alert] = []
    previous = {b.block.id: b for b in before.blocks}
    was_ending = _ending(before, warn)
    for block in after.blocks:
        old = previous[block.block.id]
        if block.state is BlockState.CURRENT and old.state is not BlockState.CURRENT:
            found.append(Alert(AlertKind.BLOCK_STARTED, block.block.title))
        if block.block.id in _ending(after, warn) - was_ending:
            left = int((block.end - after.now).total_minutes() + 0.999)
            open_items = sum(1 for i in block.items if i.status not in RESOLVED)
            found.append(Alert(AlertKind.BLOCK_ENDING, block.block.title, open_items=open_items,
                               minutes_left=left))
        old_items = {i.key: i for i in old.items}
        for item in block.items:
            if ("@" in item.key and item.status is ItemStatus.DUE
                    and old_items.get(item.key) and old_items[item.key].status is ItemStatus.UPCOMING):
                found.append(Alert(AlertKind.OCCURRENCE_DUE, block.block.title, item.item.text))
    return found + _action_alerts(before, after, lead)


def _action_alerts(before: ShiftView, after: ShiftView, lead: int) -> list[Alert]:
    """A carried action turning at risk, then breached (each once, as the clock crosses it)."""
    found = []
    old = {i.key: i for i in before.carried}
    for item in after.carried:
        was = old.get(item.key)
        if not item.timed or was is None or item.status in RESOLVED:
            continue
        owner = item.origin.owner if item.origin else ""
        left = int((item.until - after.now).total_minutes() + 0.999)
        if item.status is ItemStatus.OVERDUE and was.status is not ItemStatus.OVERDUE:
            found.append(Alert(AlertKind.ACTION_BREACHED, owner, item.item.text))
        elif at_risk(item.due, item.until, after.now, lead) and not at_risk(was.due, was.until, before.now, lead):
            found.append(Alert(AlertKind.ACTION_AT_RISK, owner, item.item.text, minutes_left=left))
    return found
