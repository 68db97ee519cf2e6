"""The team's shift day as data: shifts made of time-boxed blocks, each with a checklist.

A playbook is a TOML file the team edits. `parse_playbook` turns its text into frozen
dataclasses or reports every problem it finds, each with its line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from shiftboard.domain.problems import Checker, FileProblems, open_document

DAY = 24 * 60

#: The case queues an item may point at (the case desk fills them).
QUEUES = ("after_sales", "returns", "reviews", "complaints", "logistics", "stock")

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class Item(NamedTuple):
    id: str
    text: str
    every: int | None = None  # minutes: one occurrence per slot of the block
    note_on_skip: bool = False
    queue: str | None = None


class Block(NamedTuple):
    id: str
    title: str
    start: int  # minutes after midnight
    end: int  # minutes after midnight; smaller than start when the block crosses midnight
    items: tuple[Item, ...]

    @property
    def minutes(self) -> int:
        return (self.end - self.start) % DAY


class Shift(NamedTuple):
    id: str
    title: str
    blocks: tuple[Block, ...]

    @property
    def start(self) -> int:
        return self.blocks[0].start

    def offset(self, block: Block) -> int:
        """Minutes from the start of the shift to the start of `block`."""
        return (block.start - self.start) % DAY

    @property
    def minutes(self) -> int:
        last = self.blocks[-1]
        return self.offset(last) + last.minutes

    def block(self, block_id: str) -> Block | None:
        return next((b for b in self.blocks if b.id == block_id), None)


class Playbook(NamedTuple):
    name: str
    shifts: tuple[Shift, ...]

    def shift(self, shift_id: str) -> Shift | None:
        return next((s for s in self.shifts if s.id == shift_id), None)


class PlaybookError(FileProblems):
    """The playbook has problems; `problems` lists every one with its line."""


def parse_time(value: object) -> int | None:
    """`"08:30"` → 510 minutes; None for anything that is not a real clock time."""
    if not isinstance(value, str):
        return None
    match = _TIME.match(value.strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


def format_time(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def parse_playbook(text: str) -> Playbook:
    """Parse and validate playbook text; raise PlaybookError listing every problem."""
    data, check = open_document(text, {"name", "shifts"}, PlaybookError)
    name = check.text(data, (), "name", required=False) or ""
    shifts_data = data.get("shifts")
    if not isinstance(shifts_data, list) or not shifts_data:
        check.add(("shifts",), "check.no_shifts")
        shifts_data = []
    shifts = _unique(check, shifts_data,
                     [_shift(check, s, ("shifts", i)) for i, s in enumerate(shifts_data)], ("shifts",))
    if check.problems:
        raise PlaybookError(check.sorted_problems())
    return Playbook(name, tuple(shifts))


def _unique(check: Checker, raw: list, built: list, path: tuple) -> list:
    """Report ids used twice (at the second use, even if that entry has other problems);
    return the entries that were built."""
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(entry_id, str) and entry_id in seen:
            check.add(path + (index, "id"), "check.duplicate_id", id=entry_id)
        seen.add(entry_id)
    return [thing for thing in built if thing is not None]


def _ident(check: Checker, table: dict, path: tuple) -> str | None:
    value = check.text(table, path, "id")
    if value is not None and not _ID.match(value):
        check.add(path + ("id",), "check.bad_id", id=value)
        return None
    return value


def _shift(check: Checker, data: object, path: tuple) -> Shift | None:
    if not isinstance(data, dict):
        check.add(path, "check.not_table")
        return None
    check.known_keys(data, path, {"id", "title", "blocks"})
    shift_id, title = _ident(check, data, path), check.text(data, path, "title")
    blocks_data = data.get("blocks")
    if not isinstance(blocks_data, list) or not blocks_data:
        check.add(path, "check.no_blocks", shift=shift_id or "?")
        blocks_data = []
    blocks = _unique(check, blocks_data,
                     [_block(check, b, path + ("blocks", i)) for i, b in enumerate(blocks_data)],
                     path + ("blocks",))
    if shift_id is None or title is None or not blocks or len(blocks) != len(blocks_data):
        return None
    shift = Shift(shift_id, title, tuple(blocks))
    _check_overlaps(check, shift, path)
    return shift


def _check_overlaps(check: Checker, shift: Shift, path: tuple) -> None:
    """Blocks of one shift follow each other without overlapping, within 24 hours."""
    previous_end = 0
    previous: Block | None = None
    for index, block in enumerate(shift.blocks):
        start = shift.offset(block)
        if previous is not None and start < previous_end:
            check.add(path + ("blocks", index, "start"), "check.overlap",
                      block=block.id, other=previous.id)
        previous_end, previous = start + block.minutes, block
    if shift.minutes > DAY:
        check.add(path, "check.shift_too_long", shift=shift.id)


def _block(check: Checker, data: object, path: tuple) -> Block | None:
    if not isinstance(data, dict):
        check.add(path, "check.not_table")
        return None
    check.known_keys(data, path, {"id", "title", "start", "end", "items"})
    block_id, title = _ident(check, data, path), check.text(data, path, "title")
    start, end = (_clock_time(check, data, path, name) for name in ("start", "end"))
    items_data = data.get("items")
    if not isinstance(items_data, list) or not items_data:
        check.add(path, "check.empty_checklist", block=block_id or "?")
        items_data = []
    if start is not None and end is not None and start == end:
        check.add(path + ("end",), "check.zero_length", block=block_id or "?")
        end = None
    length = (end - start) % DAY if start is not None and end is not None else None
    items = _unique(check, items_data,
                    [_item(check, it, path + ("items", i), length) for i, it in enumerate(items_data)],
                    path + ("items",))
    if None in (block_id, title, start, end) or not items or len(items) != len(items_data):
        return None
    return Block(block_id, title, start, end, tuple(items))


def _clock_time(check: Checker, data: dict, path: tuple, name: str) -> int | None:
    if name not in data:
        check.add(path, "check.missing", name=name)
        return None
    value = parse_time(data[name])
    if value is None:
        check.add(path + (name,), "check.bad_time", name=name, value=data[name])
    return value


def _item(check: Checker, data: object, path: tuple, block_minutes: int | None) -> Item | None:
    if not isinstance(data, dict):
        check.add(path, "check.not_table")
        return None
    check.known_keys(data, path, {"id", "text", "every", "note_on_skip", "queue"})
    item_id, text = _ident(check, data, path), check.text(data, path, "text")
    every = data.get("every")
    ok = item_id is not None and text is not None
    if every is not None:
        if isinstance(every, bool) or not isinstance(every, int) or every <= 0:
            check.add(path + ("every",), "check.bad_every", value=every)
            ok = False
        elif block_minutes is not None and every > block_minutes:
            check.add(path + ("every",), "check.every_too_long", every=every, minutes=block_minutes)
            ok = False
    note_on_skip = data.get("note_on_skip", False)
    if not isinstance(note_on_skip, bool):
        check.add(path + ("note_on_skip",), "check.not_bool", name="note_on_skip")
        ok = False
    queue = data.get("queue")
    if queue is not None and queue not in QUEUES:
        check.add(path + ("queue",), "check.bad_queue", value=queue, allowed=", ".join(QUEUES))
        ok = False
    return Item(item_id, text, every, note_on_skip, queue) if ok else None
