"""Use cases shared by the CLI and the screens: "show the shift", "tick an item", "undo".

Services join the domain (rules) to the store (files). They return domain values and raise
ShiftboardError with message keys; they never produce display text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, TypeVar
from pathlib import Path

import pendulum
from pendulum import Date

from shiftboard.clock import Clock
from shiftboard.config import Settings
from shiftboard.domain.shift.carried import linked, promised_case
from shiftboard.domain.shift.playbook import Playbook, Shift, parse_playbook
from shiftboard.domain.problems import FileProblems, Problem
from shiftboard.domain.shift.run import ShiftView, build_view, locate_run, resolve_key, run_id
from shiftboard.errors import ShiftboardError
from shiftboard.store import Store
from shiftboard.store.shipped import default_playbook
from shiftboard.store.teamfiles import present

T = TypeVar("T")


def playbook_path(settings: Settings, store: Store) -> Path:
    """--playbook, else the team's own file in the data dir, else the shipped default."""
    if settings.playbook:
        return Path(settings.playbook)
    if present(store.playbook_path):
        return store.playbook_path
    return default_playbook(settings.lang)


class InvalidFile(ShiftboardError):
    """A team-edited file with problems, with the file they are in (the CLI lists them)."""

    message = "error.file_invalid"

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        super().__init__(self.message, file=str(path), count=len(problems))
        self.path, self.problems = path, problems


class PlaybookFileError(InvalidFile):
    message = "error.playbook_invalid"


def read_team_file(path: Path, store: Store) -> str:
    """The text of a file the team edits, or a ShiftboardError saying why it cannot be read."""
    return store.read_text(path)


def parse_team_file(path: Path, store: Store, parse: Callable[[str], T],
                    invalid: type[InvalidFile] = InvalidFile) -> T:
    """Read and parse a team file; its problems come back as `invalid`, with the path."""
    text = read_team_file(path, store)
    try:
        return parse(text)
    except FileProblems as error:
        raise invalid(path, error.problems) from None


def load_playbook(path: Path, store: Store) -> Playbook:
    return parse_team_file(path, store, parse_playbook, PlaybookFileError)


class ItemChange(NamedTuple):
    """One change to one item, kept so it can be undone."""

    date: Date
    shift_id: str
    key: str
    before: dict | None
    after: dict | None
    run: dict  # the whole run as stored after the change, so a screen need not re-read it


class NoteChange(NamedTuple):
    """A note added to an item, kept so it can be undone (taken out) and redone."""

    date: Date
    shift_id: str
    key: str
    note: dict
    run: dict


class ShiftService:
    """Reads and changes shift runs."""

    def __init__(self, store: Store, playbook: Playbook, clock: Clock, agent: str) -> None:
        self.store, self.playbook, self.clock, self.agent = store, playbook, clock, agent

    def locate(self, date: str | Date | None = None, shift_id: str | None = None) -> tuple[Date, Shift]:
        """The run the user means: explicit date/shift, else the one under way (or nearest)."""
        now = self.clock.now()
        if shift_id is not None and self.playbook.shift(shift_id) is None:
            known = ", ".join(s.id for s in self.playbook.shifts)
            raise ShiftboardError("error.unknown_shift", shift=shift_id, known=known)
        if date is None:
            found_date, found_shift = locate_run(self.playbook, now)
            if shift_id is None:
                return found_date, found_shift
            return found_date, self.playbook.shift(shift_id)
        day = date if isinstance(date, Date) else _parse_date(date)
        shift = self.playbook.shift(shift_id) if shift_id else self._default_shift(day)
        return day, shift

    def _default_shift(self, day: Date) -> Shift:
        found_date, found_shift = locate_run(self.playbook, self.clock.now())
        return found_shift if found_date == day else self.playbook.shifts[0]

    def _runs(self, day: Date, shift: Shift):
        rid = run_id(day, shift.id)
        return rid, self.store.runs.table_for(rid, day.strftime("%Y-%m"))

    def run(self, day: Date, shift: Shift) -> dict | None:
        rid, table = self._runs(day, shift)
        return table.get(rid)

    def view(self, day: Date, shift: Shift) -> ShiftView:
        return build_view(shift, day, self.run(day, shift), self.clock.now())

    def _mark(self, day: Date, shift: Shift, key: str, entry: dict | None) -> ItemChange:
        rid, table = self._runs(day, shift)
        before: dict | None = None

        def change(run: dict | None) -> dict:
            nonlocal before
            run = run or _new_run(day, shift)
            items = run.setdefault("items", {})
            before = items.get(key)
            if entry is None:
                items.pop(key, None)
            else:
                items[key] = entry
            return run

        run = table.update(rid, change)
        for other_run, other_key in linked(run, key):
            self._mirror(other_run, other_key, entry)
        case = promised_case(run, key)
        if case and _done(before) != _done(entry):
            self._keep_promise(case, _done(entry))
        return ItemChange(day, shift.id, key, before, entry, run)

    def _keep_promise(self, case: str, made: bool) -> None:
        """A callback promised to a buyer, carried in by a handover, done (or open again):
        its case says so too, so the case's own clock agrees with the checklist."""
        from shiftboard.services.cases import CaseService  # only a carried callback needs it

        CaseService(self.store, self.clock, self.agent, role=self.store.audit.actor.role).callback_made(case, made)

    def _mirror(self, rid: str, key: str, entry: dict | None) -> None:
        """The same item in a run it was carried from or into gets the same mark: one item,
        whichever run it is ticked in (an item done after signing is not left open)."""
        def change(run: dict | None) -> dict:
            run = run or _blank(rid)
            if entry is None:
                run.setdefault("items", {}).pop(key, None)
            else:
                run.setdefault("items", {})[key] = entry
            return run

        self.store.runs.table_for(rid, rid[:7]).update(rid, change)

    def link(self, rid: str, links: dict[str, list[str]]) -> None:
        """Record in run `rid` that its items `links` keys were carried into [run, key]."""
        def change(run: dict | None) -> dict:
            run = run or _blank(rid)
            carried_to = run.setdefault("carried_to", {})
            for key, target in links.items():
                if target not in carried_to.setdefault(key, []):
                    carried_to[key].append(target)
            return run

        self.store.runs.table_for(rid, rid[:7]).update(rid, change)

    def _entry(self, state: str, reason: str | None = None) -> dict:
        entry = {"state": state, "by": self.agent, "at": self.clock.now().isoformat()}
        if reason:
            entry["reason"] = reason
        return entry

    def _resolve(self, day: Date, shift: Shift, key: str) -> str:
        return resolve_key(self.view(day, shift), key).key

    def tick(self, day: Date, shift: Shift, key: str) -> ItemChange:
        return self._mark(day, shift, self._resolve(day, shift, key), self._entry("done"))

    def untick(self, day: Date, shift: Shift, key: str) -> ItemChange:
        return self._mark(day, shift, self._resolve(day, shift, key), self._entry("open"))

    def skip(self, day: Date, shift: Shift, key: str, reason: str | None) -> ItemChange:
        item = resolve_key(self.view(day, shift), key)
        reason = (reason or "").strip() or None
        if item.item.note_on_skip and not reason:
            raise ShiftboardError("error.reason_required", item=item.key)
        return self._mark(day, shift, item.key, self._entry("skipped", reason))

    def toggle(self, day: Date, shift: Shift, key: str) -> ItemChange:
        """Done ↔ open: the space bar of the dashboard."""
        item = resolve_key(self.view(day, shift), key)
        state = "open" if item.mark and item.mark.state in ("done", "skipped") else "done"
        return self._mark(day, shift, item.key, self._entry(state))

    def undo(self, change: ItemChange | NoteChange) -> ItemChange | NoteChange:
        """Put an item back as it was before `change` (a note: taken out again)."""
        shift = self.playbook.shift(change.shift_id)
        if isinstance(change, NoteChange):
            return self._notes(change.date, shift, change.key, lambda notes: [n for n in notes if n != change.note],
                               change.note)
        return self._mark(change.date, shift, change.key, change.before)

    def redo(self, change: ItemChange | NoteChange) -> ItemChange | NoteChange:
        """Make `change` again after it was undone."""
        shift = self.playbook.shift(change.shift_id)
        if isinstance(change, NoteChange):
            return self._notes(change.date, shift, change.key, lambda notes: [*notes, change.note], change.note)
        return self._mark(change.date, shift, change.key, change.after)

    def _notes(self, day: Date, shift: Shift, key: str, change_notes, note: dict) -> NoteChange:
        rid, table = self._runs(day, shift)

        def change(run: dict | None) -> dict:
            run = run or _new_run(day, shift)
            notes = run.setdefault("notes", {})
            notes[key] = change_notes(notes.get(key, []))
            if not notes[key]:
                del notes[key]
            return run

        return NoteChange(day, shift.id, key, note, table.update(rid, change))

    def note(self, day: Date, shift: Shift, key: str, text: str) -> NoteChange:
        text = text.strip()
        if not text:
            raise ShiftboardError("error.empty_note")
        item_key = resolve_key(self.view(day, shift), key).key
        note = {"by": self.agent, "at": self.clock.now().isoformat(), "text": text}
        return self._notes(day, shift, item_key, lambda notes: [*notes, note], note)


def _done(entry: dict | None) -> bool:
    return bool(entry) and entry.get("state") == "done"


def _new_run(day: Date, shift: Shift) -> dict:
    return _blank(run_id(day, shift.id))


def _blank(rid: str) -> dict:
    """An empty run record for `2026-11-23/day`."""
    date, shift_id = rid.split("/", 1)
    return {"date": date, "shift": shift_id, "items": {}, "notes": {}}


def _parse_date(text: str) -> Date:
    try:
        parsed = pendulum.parse(text, strict=False)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        raise ShiftboardError("error.bad_date", value=text) from None
    return parsed.date() if hasattr(parsed, "date") and callable(parsed.date) else parsed
