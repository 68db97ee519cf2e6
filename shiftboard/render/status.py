"""The shift as text (for `shiftboard status`) and as stable JSON (for scripts)."""

from __future__ import annotations

from shiftboard.render import fmt
from shiftboard.domain.shift.run import BlockState, ItemStatus, ItemView, ShiftView
from shiftboard.i18n import t

JSON_SCHEMA = 1

ITEM_SIGNS = {
    ItemStatus.DONE: "✓",
    ItemStatus.SKIPPED: "–",
    ItemStatus.UPCOMING: "·",
    ItemStatus.DUE: "○",
    ItemStatus.OVERDUE: "!",
}


def status_json(view: ShiftView, agent: str) -> dict:
    """The documented `status --json` shape (README: "status --json")."""
    current = view.current
    return {
        "schema": JSON_SCHEMA,
        "date": view.date.to_date_string(),
        "shift": {"id": view.shift.id, "title": view.shift.title,
                  "start": view.start.isoformat(), "end": view.end.isoformat()},
        "now": view.now.isoformat(),
        "agent": agent,
        "current_block": current.block.id if current else None,
        "remaining_seconds": int(view.remaining.total_seconds()) if current else None,
        "blocks": [
            {
                "id": b.block.id, "title": b.block.title,
                "start": b.start.isoformat(), "end": b.end.isoformat(),
                "state": b.state.value, "done": b.done, "total": b.total,
                "items": [_item_json(i) for i in b.items],
            }
            for b in view.blocks
        ],
        "carried": [_item_json(i) for i in view.carried],
    }


def _item_json(item: ItemView) -> dict:
    mark = item.mark
    return {
        "id": item.key, "text": item.item.text, "status": item.status.value,
        "due": item.due.isoformat(), "until": item.until.isoformat(),
        "by": mark.by if mark else None, "at": mark.at.isoformat() if mark else None,
        "reason": mark.reason if mark else None,
        "notes": [{"by": n.by, "at": n.at.isoformat(), "text": n.text} for n in item.notes],
        "carried_from": item.carried_from,
        **(_origin_json(item) if item.origin else {}),
    }


def _origin_json(item: ItemView) -> dict:
    """A carried item's context: what kind, whose, from where, and its deadline if it has one."""
    came = item.origin
    return {"kind": came.kind, "owner": came.owner or None, "deadline": item.until.isoformat() if item.timed else None,
            "from": {"agent": came.agent, "shift": came.shift_title, "block": came.block_title},
            "earlier_notes": [{"by": by, "at": at, "text": text} for by, at, text in came.notes],
            "earlier_mark": {"by": came.by, "at": came.at.isoformat(), "reason": came.reason} if came.by else None}


def status_lines(view: ShiftView, agent: str) -> list[str]:
    """A screenful an agent reads in a terminal: timeline, then the current block's items."""
    lines = [t("status.header", shift=view.shift.title, date=view.date.to_date_string(),
               weekday=fmt.weekday(view.start), now=fmt.hm(view.now), agent=agent or "-")]
    width = max(fmt.cell_len(b.block.title) for b in view.blocks)
    states = {b.state: t(f"block_state.{b.state.value}") for b in view.blocks}
    state_width = max(fmt.cell_len(word) for word in states.values())
    for b in view.blocks:
        marker = "▶" if b.state is BlockState.CURRENT else " "
        state = fmt.pad(states[b.state], state_width)
        lines.append(f" {marker} {fmt.span(b.start, b.end)}  {fmt.pad(b.block.title, width)}  "
                     f"{state} {b.done}/{b.total}")
    lines.append("")
    current = view.current
    if current is None:
        lines.append(_outside_shift(view))
        focus = [b for b in view.blocks if b.state is BlockState.OVERDUE]
    else:
        lines.append(t("status.current", block=current.block.title,
                       left=fmt.duration(view.remaining)))
        focus = [current]
    for block in focus:
        if current is None:
            lines.append(t("status.overdue_block", block=block.block.title))
        lines.extend(_item_lines(block.items))
    still_open = tuple(i for i in view.carried if i.status not in (ItemStatus.DONE, ItemStatus.SKIPPED))
    if still_open:
        lines += ["", t("carry.status_header", count=len(still_open))] + _item_lines(still_open)
    return lines


def _outside_shift(view: ShiftView) -> str:
    if view.now < view.start:
        return t("status.starts_in", left=fmt.duration(view.start - view.now), at=fmt.hm(view.start))
    return t("status.ended", at=fmt.hm(view.end))


def _item_lines(items: tuple[ItemView, ...]) -> list[str]:
    width = max(fmt.cell_len(i.key) for i in items)
    lines = []
    for item in items:
        detail = ""
        if item.mark and item.status in (ItemStatus.DONE, ItemStatus.SKIPPED):
            detail = t("status.by_at", by=item.mark.by or "?", at=fmt.hm(item.mark.at))
            if item.mark.reason:
                detail += " " + t("status.reason", reason=item.mark.reason)
        elif item.status is ItemStatus.OVERDUE:
            detail = t("status.was_due", at=fmt.hm(item.until))
        elif item.timed:
            detail = t("carry.deadline", owner=item.origin.owner or "-", at=fmt.hm(item.until))
        lines.append(f"   {ITEM_SIGNS[item.status]} {fmt.pad(item.key, width)}  {item.item.text}"
                     + (f"  ({detail})" if detail else ""))
        for note in item.notes:
            lines.append(f"       ✎ {note.by} {fmt.hm(note.at)}: {note.text}")
    return lines
