"""The partial-search part of a sharded collection's index, and its catch-up.

Each index folder (live, and one per month) holds, beside the exact keys, a text index
(`names.txt`, see textindex.py): one line a record, the text a partial search looks in (a
case's buyer, numbers and phone tail), and in a month the record's small row. A data dir made
before it existed — or when partial search used keys (number tails, name pieces) in side
folders — has it built the first time a partial search needs it, not by a `cases reindex`
someone must remember:

- one stamp, `NAME-index/partial.json`, says which form the folders are in and which are left
  to build: {"form": N, "left": [...]}; a new, empty collection is current from the start;
- the catch-up runs under a lock of its own (one process builds, the others wait and find it
  done) and builds one folder at a time with the live shards (and the month's record files)
  locked, so no write lands between reading the records and replacing the folder's text;
- each folder's text is replaced atomically, and struck off the stamp only after: a catch-up
  killed mid-way is taken up again at that folder by the next search.

A store opened read-only writes nothing: the search reads the records of the folders left.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from shiftboard.store.atomic import TEMP_MARK, CorruptFile, atomic_write, dump_json, read_json
from shiftboard.store.collection import file_lock, held
from shiftboard.store.textindex import Entry, TextIndex

if TYPE_CHECKING:
    from filelock import BaseFileLock

    from shiftboard.store.sharded import Lookup, ShardedCollection

LIVE = "live"
TEXTS = "names.txt"
#: (folders done, folders in all, the folder just built): what a long catch-up reports.
Progress = Callable[[int, int, str], None]


class PartialIndex:
    """The stamp and catch-up of one collection's partial index (see the module docstring)."""

    def __init__(self, collection: ShardedCollection, form: int) -> None:
        self.collection, self.form = collection, form
        self.stamp = collection.index_folder / "partial.json"

    @functools.cached_property
    def lock(self) -> BaseFileLock:
        return file_lock(self.collection.index_folder / ".partial.lock")

    def texts(self, folder: str) -> TextIndex:
        return TextIndex(self.collection.index_folder / folder / TEXTS)

    def left(self) -> list[str]:
        """The folders not yet in the current form ("live", months), in the order to build."""
        try:
            stamp = read_json(self.stamp) or {}
        except CorruptFile:
            stamp = {}
        if stamp.get("form") == self.form:
            return list(stamp.get("left", []))
        return [LIVE, *self.collection.periods()]

    def mark_current(self) -> None:
        """An empty collection's index is in the current form from its first record on."""
        self._write([])

    def _write(self, left: list[str]) -> None:
        self.stamp.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(self.stamp, dump_json({"form": self.form, "left": left}))

    def catch_up(self, progress: Progress | None = None) -> int:
        """Build every folder left; the number built (0: another process did, or none left)."""
        self.stamp.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with held(self.lock, self.stamp):
            left = self.left()  # again, under the lock: another process may have built them
            total = len(left)
            for done, folder in enumerate(list(left), start=1):
                self._build(folder)
                left.remove(folder)
                self._write(left)
                if progress is not None:
                    progress(done, total, folder)
            return total

    def _build(self, folder: str) -> None:
        collection = self.collection
        period = None if folder == LIVE else folder
        with ExitStack() as stack:
            tables = collection.live.tables + (collection.history_tables(period) if period else [])
            for table in tables:
                stack.enter_context(table.locked())
            records = collection.live.read() if period is None else collection.records_of(period)
            self.texts(folder).rebuild(self.entries(records, period))
            _drop_old_form(collection.index_folder / folder)

    # -- what the text index keeps ---------------------------------------------------------

    def entry(self, record: dict | None, period: str | None) -> Entry | None:
        """A record's text, and in a month its small row (its id and month are known where
        it is read: they are left out)."""
        text = self.collection.text_of(record) if record is not None else ""
        if not text:
            return None
        return text, "" if period is None else json.dumps(self.collection.row_of(record), ensure_ascii=False,
                                                         separators=(",", ":"))

    def entries(self, records: list[dict], period: str | None) -> dict[str, Entry]:
        return {record["id"]: entry for record in records if (entry := self.entry(record, period))}

    def text_change(self, period: str | None, before: dict | None, after: dict) -> tuple[dict[str, Entry], list[str]]:
        """(id → new entry, ids whose line goes) for one record's change."""
        old, new = self.entry(before, period), self.entry(after, period)
        if old == new:
            return {}, []
        return ({after["id"]: new} if new else {}), ([] if new else [after["id"]])

    def found_by_text(self, period: str, lookups: list[Lookup], found: dict[str, dict], limit: int) -> None:
        """Add to `found` the rows a month's text index holds for the lookups' texts (a hit
        carries its row: no row shard is read)."""
        texts = self.texts(period)
        for lookup in (lookup for lookup in lookups if not lookup.keys):
            for record_id, extra in texts.find(lookup.text):
                if len(found) >= limit:
                    return
                row = {**json.loads(extra), "id": record_id, "period": period} if extra else None
                if row is not None and record_id not in found and lookup.test(row):
                    found[record_id] = row

    def clean_orphans(self) -> int:
        folder = self.stamp.parent
        found = list(folder.glob(f".{self.stamp.name}{TEMP_MARK}*")) if folder.exists() else []
        if found:
            with held(self.lock, self.stamp):
                for orphan in found:
                    orphan.unlink(missing_ok=True)
        return len(found)


def _drop_old_form(folder: Path) -> None:
    """The side folders of the first form (`partial/`: number and phone tails; `names/`: name
    pieces, ~116 MB a year): derived data nothing reads any more."""
    if folder.exists():
        for old in folder.iterdir():
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
