"""Handover between shifts, in the I-PASS shape clinical handover proved: an overall status
(calm / watch / urgent), a summary, an action list (owner + deadline) and "if X then Y"
contingencies, beside what shiftboard drafts from the data (unfinished checklist items, case
items).

A handover is a plain record (a dict, as stored), one per outgoing agent per run:

    id        "2026-11-23/day/Li"        run + outgoing agent, so two agents' entries never clash
    run, date, shift, shift_title, from  the run handed over and who hands it over
    to        {run, date, shift, shift_title, start}: the next shift's run (it may not have
              started; a shift with no one in it yet simply leaves the handover waiting)
    notes     {status, summary, actions: [{text, owner, due}], contingencies: [{if, then}]}
    content   {at, items: [...], cases: [...]}: drafted from the data, frozen at signing
    signed    None, or {by, at}: from then on the handover is locked
    addenda, read_backs, acks, timeline: append-only lists of {by, at, ...}

The functions here return a changed copy or raise ShiftboardError with a message key.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

import pendulum
from pendulum import Date, DateTime

from shiftboard.domain.cases.clocks import ClockStatus, Deadline
from shiftboard.domain.shift.playbook import Playbook, Shift
from shiftboard.domain.shift.carried import SECTION
from shiftboard.domain.shift.run import RESOLVED, ItemView, ShiftView, run_id, shift_bounds
from shiftboard.errors import ShiftboardError

if TYPE_CHECKING:  # the store imports this module at start-up; the desk's is needed later
    from shiftboard.domain.cases.desk import CaseView

#: An incoming agent often arrives a little early: a handover waits for them from this many
#: minutes before their shift starts.
LEAD_MINUTES = 15


class Status(StrEnum):
    CALM = "calm"
    WATCH = "watch"
    URGENT = "urgent"


class CaseTopic(StrEnum):
    """Why a case is in the handover (the order is the order they are listed in)."""

    BREACHED = "breached"  # a clock has already run out
    CALLBACK = "callback"  # a callback promised to a buyer, not made yet
    DUE_NEXT = "due_next"  # a clock runs out before the next shift ends
    NOTICE = "notice"  # out of stock / cannot ship, still open


def parse_time(text: str) -> DateTime:
    return pendulum.parse(text)


def next_run(playbook: Playbook, date: Date, shift: Shift, tz: str) -> tuple[Date, Shift]:
    """The run that takes over: the earliest shift starting after this one started.

    "After it started", not "after it ended": with overlapping shifts (early 08–16, late
    14–22) the late shift takes over from the early one. A night shift 22:00–06:00 of the
    23rd hands over to the day shift of the 24th.
    """
    start = shift_bounds(shift, date, tz)[0]
    found = [(shift_bounds(s, day, tz)[0], day, s) for day in (date, date.add(days=1)) for s in playbook.shifts]
    _, day, taking_over = min((f for f in found if f[0] > start), key=lambda f: f[0])
    return day, taking_over


def handover_id(run: str, agent: str) -> str:
    return f"{run}/{agent}"


def new_draft(view: ShiftView, taking_over: tuple[Date, Shift], agent: str, now: DateTime) -> dict:
    """An empty draft for `agent` handing over the run of `view` to the run `taking_over`."""
    day, shift = taking_over
    start = shift_bounds(shift, day, now.timezone_name)[0]
    return {
        "id": handover_id(view.run_id, agent), "run": view.run_id,
        "date": view.date.to_date_string(), "shift": view.shift.id, "shift_title": view.shift.title,
        "from": agent,
        "to": {"run": run_id(day, shift.id), "date": day.to_date_string(), "shift": shift.id,
               "shift_title": shift.title, "start": start.isoformat()},
        "created_at": now.isoformat(), "updated_at": now.isoformat(),
        "notes": {"status": Status.CALM.value, "summary": "", "actions": [], "contingencies": []},
        "content": {"at": now.isoformat(), "items": [], "cases": []},
        "signed": None, "addenda": [], "read_backs": [], "acks": [], "timeline": [],
    }


def open_items(view: ShiftView) -> list[dict]:
    """Every item of the run not done or skipped, carried-in items included, each with the
    context it takes along (notes, last mark, where it came from). A recurring occurrence whose
    slot is over is left out unless the agent wrote a note on it (that is how it is marked to
    carry): the next hour brings the next one."""
    return [_open_item(view, block_id, item) for block_id, item in _open(view) if not _past(item, view.now)]


def missed_occurrences(view: ShiftView) -> int:
    """How many past occurrences were left open and not marked to carry (a count in the text)."""
    return sum(1 for _, item in _open(view) if _past(item, view.now))


def _open(view: ShiftView):
    for block in view.blocks:
        yield from ((block.block.id, i) for i in block.items if i.status not in RESOLVED)
    yield from ((SECTION, i) for i in view.carried if i.status not in RESOLVED)


def _past(item: ItemView, now: DateTime) -> bool:
    return "@" in item.key and item.until <= now and not item.notes


def _open_item(view: ShiftView, block_id: str, item: ItemView) -> dict:
    came = item.origin
    notes = [{"by": b, "at": a, "text": x} for b, a, x in (came.notes if came else ())]
    notes += [{"by": n.by, "at": n.at.isoformat(), "text": n.text} for n in item.notes]
    mark = item.mark if item.mark and item.mark.state != "done" else None
    found = {"key": item.key, "block": block_id, "text": item.item.text, "status": item.status.value,
             "block_title": came.block_title if came else view.block_title(block_id),
             "at": item.due.strftime("%H:%M") if "@" in item.key else None,
             "carried_from": item.carried_from, "notes": notes, "kind": came.kind if came else "item",
             "mark": {"state": mark.state, "by": mark.by, "at": mark.at.isoformat(), "reason": mark.reason}
             if mark else (_mark_of(came) if came else None)}
    if item.timed:
        found.update(owner=came.owner, due=item.until.isoformat())
    return found


def _mark_of(came) -> dict | None:
    if came.by is None:
        return None
    return {"state": "skipped" if came.reason else "open", "by": came.by, "at": came.at.isoformat(),
            "reason": came.reason}


def case_lines(views: Iterable[CaseView], until: DateTime) -> list[dict]:
    """The case items of a handover, from open cases with their clocks: breached clocks,
    promised callbacks, clocks running out before `until` (the end of the next shift) and open
    stock/shipping notices, per store."""
    lines = []
    for view in views:
        if view.case.get("kind") == "stock_notice":
            lines.append(_case_line(view.case, CaseTopic.NOTICE, None))
        for deadline in view.deadlines:
            topic = _topic(deadline, until)
            if topic is not None:
                lines.append(_case_line(view.case, topic, deadline))
    order = list(CaseTopic)
    return sorted(lines, key=lambda c: (c["store"], order.index(CaseTopic(c["topic"])), c["due"] or ""))


def _topic(deadline: Deadline, until: DateTime) -> CaseTopic | None:
    if deadline.status is ClockStatus.BREACHED:
        return CaseTopic.BREACHED
    if deadline.status not in (ClockStatus.RUNNING, ClockStatus.AT_RISK):
        return None
    if deadline.rule.anchor == "promised":
        return CaseTopic.CALLBACK
    return CaseTopic.DUE_NEXT if deadline.due <= until else None


def _case_line(case: dict, topic: CaseTopic, deadline: Deadline | None) -> dict:
    return {
        "topic": topic.value, "case": case["id"], "kind": case.get("kind", ""),
        "store": case.get("store", ""), "order_no": case.get("order_no", ""),
        "buyer": case.get("buyer", ""), "phone": case.get("buyer_phone", ""),
        "address": case.get("buyer_address", ""),
        "complaint_kind": case.get("complaint_kind"), "about": case.get("problem") or case.get("item", ""),
        "clock": deadline.rule.id if deadline else None,
        "due": deadline.due.isoformat() if deadline and deadline.due else None,
        "promised": bool(deadline and deadline.rule.anchor == "promised"), "handler": case.get("handler") or "",
    }


# -- the record's life -------------------------------------------------------------------


def _unlocked(record: dict) -> dict:
    if record.get("signed"):
        raise ShiftboardError("handover.locked", by=record["signed"]["by"],
                              at=parse_time(record["signed"]["at"]).strftime("%H:%M"))
    return copy.deepcopy(record)


def _signed(record: dict) -> dict:
    if not record.get("signed"):
        raise ShiftboardError("handover.not_signed", agent=record["from"])
    return copy.deepcopy(record)


def refresh_content(record: dict, items: list[dict], cases: list[dict], now: DateTime, missed: int = 0) -> dict:
    """Draft the data part again (the agent ticked more since); refused once signed.
    `missed`: past recurring occurrences left open and not carried (counted, not listed)."""
    changed = _unlocked(record)
    changed["content"] = {"at": now.isoformat(), "items": items, "cases": cases, "missed": missed}
    return changed


def edit_notes(record: dict, notes: dict, now: DateTime) -> dict:
    """Store what the agent wrote (every keystroke of a draft lands here)."""
    changed = _unlocked(record)
    changed["notes"] = clean_notes(notes)
    changed["updated_at"] = now.isoformat()
    return changed


def clean_notes(notes: dict) -> dict:
    status = notes.get("status", Status.CALM.value)
    if status not in {s.value for s in Status}:
        raise ShiftboardError("handover.bad_status", value=status, allowed=", ".join(Status))
    actions = [{"text": a["text"].strip(), "owner": a.get("owner", "").strip(), "due": a.get("due")}
               for a in notes.get("actions", ()) if a.get("text", "").strip()]
    contingencies = [{"if": c["if"].strip(), "then": c.get("then", "").strip()}
                     for c in notes.get("contingencies", ()) if c.get("if", "").strip()]
    return {"status": status, "summary": notes.get("summary", ""), "actions": actions,
            "contingencies": contingencies}


def sign(record: dict, agent: str, now: DateTime) -> dict:
    """The outgoing agent puts name and time to it: from now on it is locked."""
    changed = _unlocked(record)
    if agent != record["from"]:
        raise ShiftboardError("handover.not_yours", agent=record["from"])
    changed["signed"] = {"by": agent, "at": now.isoformat()}
    return changed


def _entry(agent: str, now: DateTime, **more: object) -> dict:
    return {"by": agent, "at": now.isoformat(), **more}


def required_text(text: str) -> str:
    """Text an agent must not leave empty (a note, an addendum, a read-back, an action)."""
    text = text.strip()
    if not text:
        raise ShiftboardError("error.empty_note")
    return text


def add_addendum(record: dict, agent: str, now: DateTime, text: str) -> dict:
    """A correction after signing: appended and signed on its own, never an edit."""
    changed = _signed(record)
    changed["addenda"].append(_entry(agent, now, text=required_text(text)))
    return changed


def add_read_back(record: dict, agent: str, now: DateTime, text: str) -> dict:
    """The incoming agent's read-back or questions."""
    changed = _signed(record)
    changed["read_backs"].append(_entry(agent, now, text=required_text(text)))
    return changed


def acknowledge(record: dict, agent: str, now: DateTime) -> dict:
    """The incoming agent confirms receipt; each agent once, every agent kept."""
    changed = _signed(record)
    if agent == record["from"]:
        raise ShiftboardError("handover.own", agent=agent)
    if not any(a["by"] == agent for a in changed["acks"]):
        changed["acks"].append(_entry(agent, now))
    return changed


def receive(record: dict, agent: str, now: DateTime, read_back: str) -> dict:
    """Acknowledge with a read-back: what the agent types now, else one they posted already
    (Enter posts a read-back; acknowledging after it needs nothing more typed)."""
    if read_back.strip():
        record = add_read_back(record, agent, now, read_back)
    elif not any(entry["by"] == agent for entry in record.get("read_backs", [])):
        raise ShiftboardError("handover.read_back_required")
    return acknowledge(record, agent, now)


def note_unmasked(record: dict, agent: str, now: DateTime, fmt: str) -> dict:
    """Showing buyers' personal data in full is recorded in the handover's timeline."""
    changed = copy.deepcopy(record)
    changed.setdefault("timeline", []).append(_entry(agent, now, what="unmasked", format=fmt))
    return changed


def note_edited(record: dict, agent: str, now: DateTime, key: str) -> dict:
    """The run handed over was changed afterwards (item `key`): said in the timeline."""
    changed = copy.deepcopy(record)
    changed.setdefault("timeline", []).append(_entry(agent, now, what="edited_later", key=key))
    return changed


def is_for(record: dict, agent: str) -> bool:
    """Signed, nobody has acknowledged it, and it is not `agent`'s own: `agent` may take it."""
    return bool(record.get("signed")) and not record.get("acks") and record["from"] != agent


def opens_at(record: dict) -> DateTime:
    """When a signed handover starts waiting for the shift taking over: a while before it."""
    return parse_time(record["to"]["start"]).subtract(minutes=LEAD_MINUTES)


def is_waiting(record: dict, now: DateTime, agent: str) -> bool:
    """For `agent` to take, and its shift is near."""
    return is_for(record, agent) and now >= opens_at(record)


def action_text(action: dict, date: str) -> str:
    """`Call Ms Zhang back — Wang · 20:00`: an action as one line of a checklist."""
    tail = " · ".join(p for p in (action.get("owner"), short_time(action.get("due"), date)) if p)
    return f"{action['text']} — {tail}" if tail else action["text"]


def short_time(iso: str | None, date: str) -> str:
    """`20:00` on the handover's own date, `11-24 09:00` on another."""
    if not iso:
        return ""
    moment = parse_time(iso)
    return moment.strftime("%H:%M") if moment.to_date_string() == date else moment.strftime("%m-%d %H:%M")


def parse_deadline(text: str, after: DateTime) -> DateTime:
    """`20:00` (the next such time after `after`), `11-24 09:00` or `2026-11-24 09:00`."""
    value = text.strip().replace("：", ":")
    match = re.fullmatch(r"(?:(?:(\d{4})-)?(\d{1,2})-(\d{1,2})\s+)?(\d{1,2}):(\d{2})", value)
    if not match:
        raise ShiftboardError("handover.bad_deadline", value=text)
    year, month, day, hour, minute = match.groups()
    if int(hour) > 23 or int(minute) > 59:
        raise ShiftboardError("handover.bad_deadline", value=text)
    if month is None:
        moment = after.set(hour=int(hour), minute=int(minute), second=0, microsecond=0)
        return moment if moment > after else moment.add(days=1)
    try:
        return pendulum.datetime(int(year or after.year), int(month), int(day), int(hour), int(minute),
                                 tz=after.timezone_name)
    except ValueError:
        raise ShiftboardError("handover.bad_deadline", value=text) from None


def closed_period(record: dict, current: str) -> str | None:
    """The month a handover is filed under once closed: one of an earlier month that nobody
    still waits on goes to history; a signed one nobody acknowledged stays live, flagged."""
    period = record["date"][:7]
    waiting = record.get("signed") and not record.get("acks")
    return period if period < current and not waiting else None
