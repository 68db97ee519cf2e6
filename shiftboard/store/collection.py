"""A collection of records: a small live file plus closed history in one file per period.

Every write is one unit of work: take the collection's cross-process lock, open a fresh
TinyDB on the file (no stale caches from an earlier unit), read–modify–write, release.
Reads need no lock: writes replace the file atomically, so a reader sees a whole file.

Records are keyed by our own `id` field (run keys, ULIDs), never by TinyDB's auto ids,
which two processes would hand out twice.
"""

from __future__ import annotations

import functools
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tinydb import Query, TinyDB
from tinydb.table import Table

from shiftboard.errors import ShiftboardError
from shiftboard.store.atomic import TEMP_MARK, AtomicJSONStorage, CorruptFile, NewerSchema
from shiftboard.store.backups import Backups
from shiftboard.store.migrations import SCHEMA, Schema

if TYPE_CHECKING:
    from filelock import BaseFileLock

LOCK_TIMEOUT = 10.0
#: Seconds between tries at a lock another process holds. filelock's default (50 ms) made a
#: write that met another one wait 50 ms for a lock freed ~3 ms later: at N = 30 served
#: agents that alone put the write p95 over its 50 ms target (bench/bench_serve.py).
LOCK_POLL = 0.003
TABLE = "records"

#: record → the closed period it belongs to ("2026-10"), or None while it stays live.
PeriodOf = Callable[[dict], str | None]


def file_lock(path: Path) -> BaseFileLock:
    """A cross-process lock file (0600). filelock is imported on first use: a start that only
    reads (the dashboard up to its first paint) takes no lock and need not pay its import."""
    from filelock import FileLock

    return FileLock(str(path), timeout=LOCK_TIMEOUT, mode=0o600, poll_interval=LOCK_POLL)


@contextmanager
def held(lock: BaseFileLock, what: Path) -> Iterator[None]:
    """Hold a cross-process lock; waiting too long for it is a message, not a traceback."""
    from filelock import Timeout

    try:
        with lock:
            yield
    except Timeout:
        raise ShiftboardError("error.lock_timeout", file=str(what), seconds=LOCK_TIMEOUT) from None


#: Records found damaged this process, by (file, id): the reason. Each is served to nobody
#: and left as it is; the CLI names them once on stderr, the app in a toast.
DAMAGED: dict[tuple[str, str], str] = {}


class JsonTable:
    """One TinyDB file, its lock, its backups and its failure handling."""

    def __init__(self, path: Path, backups: Backups, schema: Schema = SCHEMA) -> None:
        self.path = path
        self.backups = backups
        self.schema = schema

    @functools.cached_property
    def lock(self) -> BaseFileLock:
        return file_lock(self.path.with_name(f".{self.path.name}.lock"))

    @contextmanager
    def _opened(self) -> Iterator[Table]:
        storage_args = {"before_write": self.backups.save, "schema": self.schema}
        with TinyDB(self.path, storage=AtomicJSONStorage, **storage_args) as db:
            try:
                yield db.table(TABLE, cache_size=0)
            except CorruptFile as error:
                raise self._set_aside(error) from None
            except NewerSchema as error:
                raise ShiftboardError("error.newer_schema", file=str(error.path),
                                      found=error.found) from None

    def locked(self) -> AbstractContextManager[None]:
        """Hold this file's cross-process lock; waiting too long is a message, not a traceback."""
        return held(self.lock, self.path)

    @contextmanager
    def transaction(self) -> Iterator[Table]:
        """Hold the lock for one read–modify–write on a fresh view of the file."""
        with self.locked(), self._opened() as table:
            yield table

    def usable(self, record: dict) -> bool:
        """Is the record whole? A damaged one is noted in DAMAGED (named by file and id)."""
        problem = self.schema.problem(record)
        if problem is not None:
            DAMAGED[(str(self.path), str(record.get("id", "?")))] = problem
        return problem is None

    def read(self) -> list[dict]:
        """Every usable record; a damaged one is left out (and left as it is)."""
        if not self.path.exists():
            return []
        with self._opened() as table:
            return [record for record in table.all() if self.usable(record)]

    def get(self, record_id: str) -> dict | None:
        if not self.path.exists():
            return None
        with self._opened() as table:
            found = table.get(Query().id == record_id)
            return dict(found) if found is not None and self.usable(found) else None

    def update(self, record_id: str, change: Callable[[dict | None], dict]) -> dict:
        """Apply `change` to the record (None if new) and store what it returns, whole.

        Not TinyDB's upsert: it merges fields (a key `change` dropped would stay) and, for a
        new record, writes the file twice (an empty update, then the insert).
        """
        with self.transaction() as table:
            found = table.get(Query().id == record_id)
            if found is not None and not self.usable(found):  # never build on a damaged record
                raise ShiftboardError("error.damaged_record", file=str(self.path), id=record_id,
                                      reason=DAMAGED[(str(self.path), record_id)])
            # `change` may edit what it is given; `found` stays as read (the stored record is
            # replaced whole below, not edited), so the journal can have it as it was
            before = copy_record(dict(found)) if found is not None else None
            kept = dict(found) if found is not None else None
            after = change(before)
            after["id"] = record_id
            if found is None:
                table.insert(after)
            else:
                table.update(functools.partial(_replace, after), doc_ids=[found.doc_id])
            if self.backups.journal is not None:
                self.backups.journal(self.path, kept, after)
            return after

    def insert(self, record: dict) -> None:
        with self.transaction() as table:
            table.insert(record)

    def _set_aside(self, error: CorruptFile) -> ShiftboardError:
        """Move a file that does not parse out of the way (never overwrite it) and say where
        the newest good backup is."""
        with self.lock:
            moved = self.path.with_name(f"{self.path.name}.corrupt-{os.getpid()}-{os.urandom(2).hex()}")
            if self.path.exists():
                os.replace(self.path, moved)
        newest = self.backups.newest(self.path)
        return ShiftboardError("error.corrupt_file", file=str(error.path), line=error.line,
                               column=error.column, detail=error.detail, moved=str(moved),
                               backup=str(newest) if newest else "-")

    def clean_orphans(self) -> int:
        """Remove temp files a killed writer left beside this file or among its backups.

        Both are written under this file's lock, so under the lock every temp file is an
        orphan. The lock is taken only when there is something to remove.
        """
        found = [*self.path.parent.glob(f".{self.path.name}{TEMP_MARK}*"), *self.backups.orphans(self.path)]
        if found:
            with self.lock:
                for orphan in found:
                    orphan.unlink(missing_ok=True)
        return len(found)


def copy_record(record: dict) -> dict:
    """A deep copy of a record as read from JSON. A pickle round trip: 7× faster than
    `copy.deepcopy` on a run with 200 notes, a fifth of such a note's write."""
    return pickle.loads(pickle.dumps(record, pickle.HIGHEST_PROTOCOL))


def _replace(new: dict, stored: dict) -> None:
    stored.clear()
    stored.update(new)


def _put_all(table: Table, records: list[dict]) -> None:
    """Store records by their id, replacing any already there, in at most two writes:
    TinyDB's upsert, once per record, rewrote the whole file twice for each one."""
    by_id = {record["id"]: record for record in records}
    present = {doc["id"]: doc.doc_id for doc in table.all() if doc.get("id") in by_id}
    if present:
        table.update(lambda stored: _replace(by_id[stored["id"]], stored), doc_ids=list(present.values()))
    fresh = [record for record_id, record in by_id.items() if record_id not in present]
    if fresh:
        table.insert_multiple(fresh)


class Collection:
    """The live file of one kind of record, and its history files, one per closed period."""

    #: `Store.maintain` archives once per value of this format: once a month.
    ARCHIVE_STAMP = "YYYY-MM"

    def __init__(self, root: Path, name: str, backups: Backups, period_of: PeriodOf,
                 schema: Schema = SCHEMA) -> None:
        self.root, self.name, self.period_of = root, name, period_of
        self.backups, self.schema = backups, schema
        self.live = JsonTable(root / f"{name}.json", backups, schema)

    def history(self, period: str) -> JsonTable:
        return JsonTable(self.root / "history" / f"{self.name}-{period}.json", self.backups, self.schema)

    def live_paths(self) -> list[Path]:
        return [self.live.path]

    def clean_orphans(self) -> int:
        """Clear orphan temp files of the live file, every history file, and their backups."""
        folder = self.root / "history"
        stranded = folder.glob(f".{self.name}-*.json{TEMP_MARK}*") if folder.exists() else ()
        # ".runs-2026-10.json.tmp-…" was to become history/runs-2026-10.json, which may not exist yet
        periods = {t.name.split(TEMP_MARK)[0][len(self.name) + 2:-len(".json")] for t in stranded}
        tables = [self.live, *map(self.history, periods.union(self.periods()))]
        return sum(table.clean_orphans() for table in tables)

    def periods(self) -> list[str]:
        """The closed periods that have a history file, newest first."""
        prefix = f"{self.name}-"
        folder = self.root / "history"
        names = [p.stem[len(prefix):] for p in folder.glob(f"{prefix}*.json")] if folder.exists() else []
        return sorted(names, reverse=True)

    def archive(self) -> int:
        """Move closed records out of the live file into their period files.

        History is written first, then the live file: a crash in between leaves a record in
        both places, and the next archive run finds it again (stored by id), never nowhere.
        Each period file is written at most twice, whatever the number of records.
        """
        (self.root / "history").mkdir(mode=0o700, exist_ok=True)
        with self.live.transaction() as table:
            moving: dict[str, list[dict]] = {}
            for record in table.all():
                period = self.period_of(record) if self.live.usable(record) else None
                if period:
                    moving.setdefault(period, []).append(dict(record))
            for period, records in moving.items():
                with self.history(period).transaction() as history:
                    _put_all(history, records)
            ids = {r["id"] for records in moving.values() for r in records}
            if ids:
                table.remove(Query().id.one_of(list(ids)))
            return len(ids)

    def table_for(self, record_id: str, period: str | None) -> JsonTable:
        """Where a record lives: the live file, unless `period` names an archived one."""
        if period and (history := self.history(period)).path.exists() and self.live.get(record_id) is None:
            return history
        return self.live
