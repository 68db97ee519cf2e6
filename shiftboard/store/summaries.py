"""Per-day summaries of a collection, kept up to date on every write.

Reports over a month or a year would otherwise read every record of the period (~12,500
cases a month, 150,000 a year). Instead each day has one small file holding the sum of what
every record contributes to that day — counters per slot and a few facts per record — and a
write changes only the days it touches: the record's old contribution out, its new one in.

What a record contributes is the caller's rule (`contribution`, `delta`): this module only
keeps the sums, atomically, under one lock. Summaries are derived data like the key index:
`rebuild` recounts them from the records (after a crash between a record's write and its
summary's, or when the rule's `version` changes), and a recount must equal the kept sums.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from shiftboard.errors import ShiftboardError
from shiftboard.store.atomic import TEMP_MARK, CorruptFile, atomic_write, dump_json, read_json
from shiftboard.store.collection import file_lock, held

if TYPE_CHECKING:
    from filelock import BaseFileLock

Counts = dict[str, dict[str, dict[str, int]]]  # day → slot → metric → n
Facts = dict[str, dict[str, object]]  # day → record id → fact
#: record → (counts, facts) it contributes; (before, after) → (counts to add, facts to set/None).
Contribution = Callable[[dict | None], tuple[Counts, Facts]]
Delta = Callable[[dict | None, dict | None], tuple[Counts, dict[str, dict[str, object]]]]


class DaySummaries:
    """One folder of `YYYY-MM-DD.json` files: {"slots": {slot: {metric: n}}, "facts": {id: fact}}."""

    def __init__(self, folder: Path, contribution: Contribution, delta: Delta, version: int) -> None:
        self.folder, self.contribution, self.delta, self.version = folder, contribution, delta, version

    @functools.cached_property
    def lock(self) -> BaseFileLock:
        return file_lock(self.folder / ".summaries.lock")

    def _locked(self) -> AbstractContextManager[None]:
        # `mode` applies to the last folder only: `history/` may be made here first, private too
        self.folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.folder.mkdir(mode=0o700, exist_ok=True)
        return held(self.lock, self.folder)

    def _path(self, day: str) -> Path:
        return self.folder / f"{day}.json"

    def _read(self, day: str) -> dict:
        path = self._path(day)
        try:
            data = read_json(path)
        except CorruptFile as error:
            raise ShiftboardError("error.index_damaged", file=str(error.path), detail=error.detail) from None
        return data or {"slots": {}, "facts": {}}

    def _write(self, day: str, data: dict) -> None:
        if data["slots"] or data["facts"]:
            atomic_write(self._path(day), dump_json({"_meta": {"schema": self.version}, **data}))
        else:
            self._path(day).unlink(missing_ok=True)

    # -- writing -------------------------------------------------------------------------

    def apply(self, before: dict | None, after: dict | None) -> None:
        """A record changed from `before` to `after` (None: absent): each day it touches is
        read and written once, under the lock."""
        counts, facts = self.delta(before, after)
        self._merge(counts, facts)

    def add(self, records: Iterable[dict]) -> None:
        """Records loaded in bulk (an import, the benchmark's year): one write per day."""
        counts: Counts = {}
        facts: Facts = {}
        for record in records:
            more, found = self.contribution(record)
            _sum_into(counts, more)
            for day, by_id in found.items():
                facts.setdefault(day, {}).update(by_id)
        self._merge(counts, facts)

    def _merge(self, counts: Counts, facts: dict[str, dict[str, object]]) -> None:
        days = sorted(set(counts) | set(facts))
        if not days:
            return
        with self._locked():
            for day in days:
                data = self._read(day)
                _sum_into({day: data["slots"]}, {day: counts.get(day, {})}, drop_zero=True)
                for record_id, fact in facts.get(day, {}).items():
                    if fact is None:
                        data["facts"].pop(record_id, None)
                    else:
                        data["facts"][record_id] = fact
                self._write(day, data)

    def rebuild(self, records: Iterable[dict]) -> int:
        """Recount every day from `records` (all of them), replacing what was kept."""
        counts: Counts = {}
        facts: Facts = {}
        count = 0
        for record in records:
            more, found = self.contribution(record)
            _sum_into(counts, more)
            for day, by_id in found.items():
                facts.setdefault(day, {}).update(by_id)
            count += 1
        with self._locked():
            for path in self.folder.glob("*.json"):
                path.unlink()
            for day in sorted(set(counts) | set(facts)):
                self._write(day, {"slots": _no_zero(counts.get(day, {})), "facts": facts.get(day, {})})
            atomic_write(self.folder / "version", str(self.version).encode())
        return count

    # -- reading -------------------------------------------------------------------------

    def is_current(self) -> bool:
        """Were the summaries counted by this version of the rule? (None kept yet: no.)"""
        try:
            return (self.folder / "version").read_text(encoding="utf-8").strip() == str(self.version)
        except FileNotFoundError:
            return False

    def mark_current(self) -> None:
        """An empty collection's summaries are current from the start."""
        with self._locked():
            atomic_write(self.folder / "version", str(self.version).encode())

    def days(self, days: Iterable[str]) -> Iterator[tuple[str, dict, dict]]:
        """(day, slots, facts) of each of `days` that has a file; one file in memory at a time."""
        for day in days:
            if self._path(day).exists():
                data = self._read(day)
                yield day, data["slots"], data["facts"]

    def count(self, records: Iterable[dict], days: Iterable[str]) -> Iterator[tuple[str, dict, dict]]:
        """What `days` would read, counted from `records` in memory and written nowhere (for a
        command that may not write while the kept sums are not current)."""
        wanted = set(days)
        counts: Counts = {}
        facts: Facts = {}
        for record in records:
            more, found = self.contribution(record)
            _sum_into(counts, {day: slots for day, slots in more.items() if day in wanted})
            for day, by_id in found.items():
                if day in wanted:
                    facts.setdefault(day, {}).update(by_id)
        for day in sorted(set(counts) | set(facts)):
            yield day, _no_zero(counts.get(day, {})), facts.get(day, {})

    def clean_orphans(self) -> int:
        found = list(self.folder.glob(f".*{TEMP_MARK}*")) if self.folder.exists() else []
        if found:
            with self._locked():
                for orphan in found:
                    orphan.unlink(missing_ok=True)
        return len(found)


def _sum_into(total: Counts, more: Counts, drop_zero: bool = False) -> None:
    for day, slots in more.items():
        into = total.setdefault(day, {})
        for where, metrics in slots.items():
            bucket = into.setdefault(where, {})
            for metric, n in metrics.items():
                bucket[metric] = bucket.get(metric, 0) + n
                if drop_zero and not bucket[metric]:
                    del bucket[metric]
            if drop_zero and not bucket:
                del into[where]


def _no_zero(slots: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {w: kept for w, ms in slots.items() if (kept := {k: n for k, n in ms.items() if n})}
