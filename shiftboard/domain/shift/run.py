"""A shift run: one shift of the playbook on one date, and what the agents did in it.

`build_view` combines the playbook, the run's stored marks and the clock into the states an
agent sees (done / current / upcoming / overdue). A run belongs to the date its shift starts,
so a night shift 22:00–06:00 stays on the evening's date.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

import pendulum
from pendulum import Date, DateTime, Duration

from shiftboard.domain.shift.carried import Origin, bounds, origin
from shiftboard.domain.shift.playbook import DAY, Block, Item, Playbook, Shift, format_time
from shiftboard.errors import ShiftboardError


class BlockState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"
    OVERDUE = "overdue"


class ItemStatus(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    UPCOMING = "upcoming"  # its time has not come
    DUE = "due"  # its time is now
    OVERDUE = "overdue"  # its time has passed and it is still open


RESOLVED = (ItemStatus.DONE, ItemStatus.SKIPPED)


class Mark(NamedTuple):
    """The last thing a person did to an item: done, skipped (with reason) or reopened."""

    state: str
    by: str
    at: DateTime
    reason: str | None = None


class Note(NamedTuple):
    """A note on an item. Its time is parsed when something shows it: a view is rebuilt on
    every change anyone makes, and a busy run holds hundreds of notes (parsing them all was
    a third of a note's write and of each open dashboard's rebuild at N = 30 served agents)."""

    by: str
    stamp: str  # ISO 8601, as stored
    text: str

    @property
    def at(self) -> DateTime:
        return pendulum.parse(self.stamp)


class ItemView(NamedTuple):
    key: str  # "block.item", or "block.item@14:00" for one occurrence of a recurring item
    item: Item
    status: ItemStatus
    due: DateTime  # when it falls due (block start, or the occurrence's slot)
    until: DateTime  # when it turns overdue
    mark: Mark | None
    notes: tuple[Note, ...]
    carried_from: str | None = None
    origin: Origin | None = None  # a carried item's context
    timed: bool = False  # a carried action with a deadline: `until` is its deadline


class BlockView(NamedTuple):
    block: Block
    start: DateTime
    end: DateTime
    state: BlockState
    items: tuple[ItemView, ...]

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.status in RESOLVED)

    @property
    def total(self) -> int:
        return len(self.items)


class ShiftView(NamedTuple):
    date: Date
    shift: Shift
    start: DateTime
    end: DateTime
    now: DateTime
    blocks: tuple[BlockView, ...]
    carried: tuple[ItemView, ...] = ()  # from earlier shifts' handovers, in their own section

    @property
    def run_id(self) -> str:
        return run_id(self.date, self.shift.id)

    @property
    def current(self) -> BlockView | None:
        return next((b for b in self.blocks if b.state is BlockState.CURRENT), None)

    @property
    def remaining(self) -> Duration | None:
        current = self.current
        return current.end - self.now if current else None

    def items(self) -> list[ItemView]:
        """Every item of the run: the blocks' in order, then the carried ones."""
        return [i for b in self.blocks for i in b.items] + list(self.carried)

    def block_title(self, block_id: str) -> str:
        return next((b.block.title for b in self.blocks if b.block.id == block_id), "")

    def item(self, key: str) -> ItemView | None:
        return next((i for i in self.items() if i.key == key), None)


def run_id(date: Date, shift_id: str) -> str:
    return f"{date.to_date_string()}/{shift_id}"


def _at(date: Date, minutes_from_midnight: int, tz: str) -> DateTime:
    """Wall-clock time `minutes` after the start of `date` (may run into the next days)."""
    day = date.add(days=minutes_from_midnight // DAY)
    rest = minutes_from_midnight % DAY
    return pendulum.datetime(day.year, day.month, day.day, rest // 60, rest % 60, tz=tz)


def block_bounds(shift: Shift, block: Block, date: Date, tz: str) -> tuple[DateTime, DateTime]:
    begin = shift.start + shift.offset(block)
    return _at(date, begin, tz), _at(date, begin + block.minutes, tz)


def shift_bounds(shift: Shift, date: Date, tz: str) -> tuple[DateTime, DateTime]:
    return _at(date, shift.start, tz), _at(date, shift.start + shift.minutes, tz)


def locate_run(playbook: Playbook, now: DateTime) -> tuple[Date, Shift]:
    """The run an agent means by "now": the shift under way, else the nearest one in time."""
    today = now.date()
    best: tuple[float, Date, Shift] | None = None
    for date in (today.subtract(days=1), today, today.add(days=1)):
        for shift in playbook.shifts:
            start, end = shift_bounds(shift, date, now.timezone_name)
            if start <= now < end:
                return date, shift
            distance = (start - now).total_seconds() if now < start else (now - end).total_seconds()
            if best is None or distance < best[0]:
                best = (distance, date, shift)
    assert best is not None  # a valid playbook has at least one shift
    return best[1], best[2]


def _mark(raw: dict | None) -> Mark | None:
    if not raw:
        return None
    return Mark(raw["state"], raw.get("by", ""), pendulum.parse(raw["at"]), raw.get("reason"))


def _notes(raw: list | None) -> tuple[Note, ...]:
    return tuple(Note(n.get("by", ""), n["at"], n["text"]) for n in raw or ())


def _status(mark: Mark | None, due: DateTime, until: DateTime, now: DateTime) -> ItemStatus:
    if mark and mark.state == "done":
        return ItemStatus.DONE
    if mark and mark.state == "skipped":
        return ItemStatus.SKIPPED
    if now < due:
        return ItemStatus.UPCOMING
    return ItemStatus.DUE if now < until else ItemStatus.OVERDUE


def _slots(item: Item, start: DateTime, end: DateTime) -> list[tuple[str, DateTime, DateTime]]:
    """A plain item has one slot (the block); a recurring one, one per `every` minutes."""
    if not item.every:
        return [("", start, end)]
    slots = []
    slot = start
    while slot < end:
        slot_end = min(slot.add(minutes=item.every), end)
        slots.append((f"@{format_time(slot.hour * 60 + slot.minute)}", slot, slot_end))
        slot = slot_end
    return slots


def _block_state(items: list[ItemView], start: DateTime, end: DateTime, now: DateTime) -> BlockState:
    if start <= now < end:
        return BlockState.CURRENT
    if all(i.status in RESOLVED for i in items):
        return BlockState.DONE
    return BlockState.UPCOMING if now < start else BlockState.OVERDUE


def build_view(shift: Shift, date: Date, run: dict | None, now: DateTime) -> ShiftView:
    """What the run looks like at `now`: every block and item with its state."""
    tz = now.timezone_name
    run = run or {}
    marks, notes = run.get("items", {}), run.get("notes", {})
    blocks = []
    for block in shift.blocks:
        start, end = block_bounds(shift, block, date, tz)
        items = []
        for item in block.items:
            for suffix, due, until in _slots(item, start, end):
                key = f"{block.id}.{item.id}{suffix}"
                mark = _mark(marks.get(key))
                items.append(ItemView(key, item, _status(mark, due, until, now), due, until,
                                      mark, _notes(notes.get(key))))
        blocks.append(BlockView(block, start, end, _block_state(items, start, end, now), tuple(items)))
    start, end = shift_bounds(shift, date, tz)
    carried = _carried_items(run.get("carried", ()), marks, notes, start, end, now)
    return ShiftView(date, shift, start, end, now, tuple(blocks), carried)


def _carried_items(entries, marks: dict, notes: dict, start: DateTime, end: DateTime,
                   now: DateTime) -> tuple[ItemView, ...]:
    """Items carried over from earlier shifts' handovers, in their own section of the run."""
    views = []
    for entry in entries:
        key = entry["key"]
        mark = _mark(marks.get(key))
        due, until = bounds(entry, start, end)
        item = Item(key.split(".", 1)[1], entry["text"])
        views.append(ItemView(key, item, _status(mark, due, until, now), due, until, mark,
                              _notes(notes.get(key)), entry.get("from"), origin(entry), bool(entry.get("due"))))
    return tuple(views)


def resolve_key(view: ShiftView, key: str) -> ItemView:
    """Find the item a user named. A recurring item named without `@HH:MM` means the
    occurrence an agent would tick now: the one due in this slot, else the earliest missed."""
    exact = view.item(key)
    if exact is not None:
        return exact
    occurrences = [i for b in view.blocks for i in b.items if i.key.split("@")[0] == key and "@" in i.key]
    if not occurrences:
        raise ShiftboardError("error.unknown_item", item=key, run=view.run_id)
    for wanted in (ItemStatus.DUE, ItemStatus.OVERDUE):
        for occurrence in occurrences:
            if occurrence.status is wanted:
                return occurrence
    pending = [o for o in occurrences if o.status is ItemStatus.UPCOMING]
    if pending:
        raise ShiftboardError("error.occurrence_not_due", item=key,
                              due=pending[0].due.strftime("%H:%M"), key=pending[0].key)
    raise ShiftboardError("error.all_occurrences_done", item=key)
