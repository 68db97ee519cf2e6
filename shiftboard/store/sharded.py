"""A collection spread over shard files, for records a team has by the hundred thousand (cases).

Why not one live file and one file per month (`Collection`): with 2,000 open cases the live
file is ~2 MB, and every change parses and rewrites all of it (~25 ms); a look-up across a
year would parse ~150 MB of monthly files. Here:

- live records sit in `NAME-00.json … NAME-15.json` by a hash of their id: a change reads
  and rewrites one ~1/16 file;
- closed records move (once a day, `Store.maintain`) to `history/NAME-YYYY-MM-SS.json`,
  by month closed and the same hash, so one archived record is read from a small file;
- a key index (`history/NAME-index/live/`, `history/NAME-index/YYYY-MM/`, see keyindex.py)
  maps each search key to the ids holding it; a month's index also keeps one small row per
  record (under its id), so a look-up across a year reads a small shard or two per month
  and no record file; beside it, the partial index (see partial.py).

Every shard file is a `JsonTable`: locked units of work, atomic writes, backups, damaged-file
handling, as for every other collection.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import NamedTuple

from shiftboard.store.backups import Backups
from shiftboard.store.collection import JsonTable, PeriodOf, _put_all, copy_record
from shiftboard.store.keyindex import KeyIndex, shard_of
from shiftboard.store.liveshards import LiveShards
from shiftboard.store.migrations import SCHEMA, Schema
from shiftboard.store.partial import LIVE, PartialIndex
from shiftboard.store.sharded_upkeep import ShardUpkeep
from shiftboard.store.summaries import DaySummaries

HISTORY_SHARDS = 16
LIVE_INDEX_SHARDS = 16
PERIOD_INDEX_SHARDS = 64

#: record → the keys it is found by (in the form look-ups use).
KeysOf = Callable[[dict], set[str]]
#: record → the small row a month's index keeps of it (must hold the fields its keys come from).
RowOf = Callable[[dict], dict]
#: record → what the text index keeps of it (a fragment of it finds the record), or "".
TextOf = Callable[[dict], str]


class Lookup(NamedTuple):
    """A look-up: the index keys a record must all hold — or, with none, a fragment of its
    indexed text — and the test its record (live) or small row (archived) must pass."""

    keys: tuple[str, ...]
    test: Callable[[dict], bool]
    text: str = ""


def id_key(record_id: str) -> str:
    """The index key that finds an archived record's month from its id."""
    return f"#{record_id}"


class ShardedCollection(ShardUpkeep):
    """Live shards, monthly history shards and their key index (see the module's docstring)."""

    #: `Store.maintain` archives once per value of this format: once a day.
    ARCHIVE_STAMP = "YYYY-MM-DD"

    def __init__(self, root: Path, name: str, backups: Backups, period_of: PeriodOf,
                 keys_of: KeysOf, row_of: RowOf, schema: Schema = SCHEMA,
                 summaries: DaySummaries | None = None, text_of: TextOf | None = None, partial_form: int = 0, writable: bool = True) -> None:
        self.root, self.name, self.period_of = root, name, period_of
        #: Per-day sums the reports read, kept up to date by every write (see summaries.py).
        self.summaries = summaries
        self.keys_of, self.row_of = keys_of, row_of
        self.backups, self.schema = backups, schema
        self.live = LiveShards(root, name, backups, schema)
        self.history_folder = root / "history"
        self.index_folder = self.history_folder / f"{name}-index"
        self.text_of, self.writable = text_of or (lambda _record: ""), writable
        self.partial = PartialIndex(self, partial_form)
        self.live_index = KeyIndex(self.index_folder / "live", LIVE_INDEX_SHARDS)
        self._history_name = re.compile(rf"^{re.escape(name)}-(\d{{4}}-\d{{2}})-\d{{2}}$")

    # -- where things are ----------------------------------------------------------------

    def history(self, period: str, record_id: str) -> JsonTable:
        shard = shard_of(record_id, HISTORY_SHARDS)
        return JsonTable(self.history_folder / f"{self.name}-{period}-{shard:02d}.json", self.backups, self.schema)

    def history_tables(self, period: str) -> list[JsonTable]:
        return [JsonTable(path, self.backups, self.schema)
                for path in sorted(self.history_folder.glob(f"{self.name}-{period}-*.json"))]

    def period_index(self, period: str) -> KeyIndex:
        return KeyIndex(self.index_folder / period, PERIOD_INDEX_SHARDS)

    def periods(self) -> list[str]:
        """The months that have closed records in history, newest first."""
        if not self.history_folder.exists():
            return []
        found = {m.group(1) for p in self.history_folder.glob(f"{self.name}-*.json")
                 if (m := self._history_name.match(p.stem))}
        return sorted(found, reverse=True)

    def live_paths(self) -> list[Path]:
        return self.live.paths

    def is_empty(self) -> bool:
        """No shard file live or archived yet (a new data dir)."""
        return not any(path.exists() for path in self.live.paths) and not self.periods()

    # -- index rows ----------------------------------------------------------------------

    def _rows(self, record: dict | None, period: str | None) -> dict[str, dict]:
        """key → the row stored under it: the record's id under each of its keys; for an
        archived record also its small row, once, under its id key (a row repeated under every
        key made a month's index three times larger, and every look-up read that much more)."""
        if record is None:
            return {}
        rows = {key: {"id": record["id"]} for key in self.keys_of(record)}
        if period is not None:
            rows[id_key(record["id"])] = self.row(record, period)
        return rows

    def row(self, record: dict, period: str) -> dict:
        """The small row of an archived record, as a month's index keeps it."""
        return {**self.row_of(record), "id": record["id"], "period": period}

    # -- reading -------------------------------------------------------------------------

    def locate(self, record_id: str) -> tuple[dict, str | None] | None:
        """The record and the month it is archived in (None: live), or None if unknown."""
        found = self.live.get(record_id)
        if found is not None:
            return found, None
        for period in self.periods():
            if self.period_index(period).lookup(id_key(record_id)):
                found = self.history(period, record_id).get(record_id)
                if found is not None:
                    return found, period
        return None

    def find(self, key: str, limit: int) -> list[dict]:
        """Rows of the records with `key` among their keys: live ones first (fresh from their
        shard, `period` None), then archived months, newest first."""
        return self.search([Lookup((key,), lambda row: key in self.keys_of(row))], limit) if key else []

    def search(self, lookups: list[Lookup], limit: int) -> list[dict]:
        """Rows of the records found by any of `lookups`, in `find`'s order: the keys (or the
        text) narrow, the test decides (index rows are hints, and a partial key is held by
        records that do not match). Each month's shards are read once for all the lookups
        together. A partial look-up first has the partial index caught up (partial.py); a
        store that may not write reads the records of the folders left instead."""
        left = set(self.partial_left() if any(not lookup.keys for lookup in lookups) else ())
        found: dict[str, dict] = {}
        ids = self.live.ids() if LIVE in left else self._ids(LIVE, self.live_index, lookups)
        for record in self.live.get_many(ids):
            if any(lookup.test(record) for lookup in lookups):
                found[record["id"]] = {**self.row_of(record), "id": record["id"], "period": None}
        for period in self.periods():
            if len(found) >= limit:
                break
            index = self.period_index(period)
            if period in left:
                every = [record["id"] for record in self.records_of(period)]
            else:
                self.partial.found_by_text(period, lookups, found, limit)
                every = self._ids(period, index, [lookup for lookup in lookups if lookup.keys])
            wanted = _fewest_files([i for i in dict.fromkeys(every) if i not in found], limit - len(found))
            for rows in index.lookup_many(map(id_key, wanted)).values():
                if any(lookup.test(rows[0]) for lookup in lookups):
                    found[rows[0]["id"]] = rows[0]
        return list(found.values())[:limit]

    def partial_left(self) -> list[str]:
        """The folders whose partial index is still to build after catching up (none, unless
        the store may not write)."""
        left = self.partial.left()
        if left and self.writable:
            self.partial.catch_up()
            return []
        return left

    def _ids(self, folder: str, index: KeyIndex, lookups: list[Lookup]) -> list[str]:
        """The ids the lookups' keys or texts point to in one index folder."""
        texts = self.partial.texts(folder)
        return [i for lookup in lookups
                for i in (_ids(index, lookup.keys) if lookup.keys else (i for i, _ in texts.find(lookup.text)))]

    def archived_rows(self, keys: Iterable[str]) -> dict[str, list[dict]]:
        """key → the rows of archived records holding it, every month, read in one batch (an
        import matching thousands of rows at once; `find` reads per key)."""
        keys = [key for key in dict.fromkeys(keys) if key]
        found: dict[str, list[dict]] = {}
        for period in self.periods():
            index = self.period_index(period)
            hits = index.lookup_many(keys)
            ids = {row["id"] for rows in hits.values() for row in rows}
            rows = {found_rows[0]["id"]: found_rows[0] for found_rows in index.lookup_many(map(id_key, ids)).values()}
            for key, key_rows in hits.items():
                found.setdefault(key, []).extend(rows[r["id"]] for r in key_rows
                                                 if r["id"] in rows and key in self.keys_of(rows[r["id"]]))
        return found

    # -- writing -------------------------------------------------------------------------

    def write_many(self, plan: Callable[[list[dict]], list[dict]]) -> list[dict]:
        """One unit of work over every live shard (an import): with all of them locked, `plan`
        gets every live record and returns the records to store (new or changed, whole); each
        shard touched is written once, the index as in `update`. A `plan` that raises writes
        nothing. A crash between two shard writes leaves some written: a repeated import
        finishes the rest, as it changes nothing already done."""
        with ExitStack() as stack:
            for table in self.live.tables:
                stack.enter_context(table.locked())
            before = {record["id"]: record for record in self.live.read()}
            changed = plan(list(before.values()))  # which must not change what it is given
            if not changed:
                return []
            added: dict[str, list[dict]] = {}
            removed: dict[str, list[str]] = {}
            texts, gone = {}, []
            for record in changed:
                old, new = self._rows(before.get(record["id"]), None), self._rows(record, None)
                for key in (key for key, row in new.items() if old.get(key) != row):
                    added.setdefault(key, []).append(new[key])
                for key in old.keys() - new.keys():
                    removed.setdefault(key, []).append(record["id"])
                text, dropped = self.partial.text_change(None, before.get(record["id"]), record)
                texts.update(text)
                gone += dropped
            self.live_index.change(added=added)
            self.partial.texts(LIVE).change(added=texts)
            by_table: dict[Path, tuple[JsonTable, list[dict]]] = {}
            for record in changed:
                table = self.live.table(record["id"])
                by_table.setdefault(table.path, (table, []))[1].append(record)
            for table, batch in by_table.values():
                with table.transaction() as stored:  # the lock is re-entered, still held
                    _put_all(stored, batch)
            self.live_index.change(removed=removed)
            self.partial.texts(LIVE).change(removed=gone)
            return changed

    def update(self, record_id: str, change: Callable[[dict | None], dict], period: str | None = None) -> dict:
        """One locked read–modify–write of a live record (or of one archived in `period`).

        New index rows are written inside the unit of work, before the record; rows gone
        stale are dropped after it: a crash leaves an extra row, never a missing one.
        """
        table = self.history(period, record_id) if period else self.live.table(record_id)
        index = self.period_index(period) if period else self.live_index
        texts = self.partial.texts(period or LIVE)
        stale: dict[str, list[str]] = {}
        gone: list[str] = []
        seen: list[dict | None] = []

        def indexed(before: dict | None) -> dict:
            old = self._rows(before, period)  # before `change`, which may change `before` in place
            if self.summaries is not None:
                seen.append(copy_record(before) if before is not None else None)
            after = change(before)
            after["id"] = record_id
            new = self._rows(after, period)
            stale.update({key: [record_id] for key in old.keys() - new.keys()})
            index.change(added={key: [row] for key, row in new.items() if old.get(key) != row})
            text, dropped = self.partial.text_change(period, before, after)
            texts.change(added=text)
            gone.extend(dropped)
            return after

        after = table.update(record_id, indexed)
        index.change(removed=stale)
        texts.change(removed=gone)
        if self.summaries is not None:  # after the record, like stale rows: `reindex` recounts
            self.summaries.apply(seen[0], after)
        return after


def _fewest_files(ids: list[str], room: int) -> list[str]:
    """At most `room` of `ids`, taken from as few row shards as may be: a broad text ("er7":
    every buyer whose nickname starts with 7) read every row shard of a month for a page of 50;
    the rows of a shard come with one read."""
    if len(ids) <= room:
        return ids
    by_shard: dict[int, list[str]] = {}
    for record_id in ids:
        by_shard.setdefault(shard_of(id_key(record_id), PERIOD_INDEX_SHARDS), []).append(record_id)
    fullest = sorted(by_shard.values(), key=len, reverse=True)
    return [record_id for group in fullest for record_id in group][:room]


def _ids(index: KeyIndex, keys: tuple[str, ...]) -> list[str]:
    """The ids stored under every one of `keys`, in the first key's order."""
    hits = index.lookup_many(keys)
    lists = [[row["id"] for row in hits.get(key, ())] for key in keys]
    common = set(lists[0]).intersection(*lists[1:]) if lists else set()
    return [record_id for record_id in dict.fromkeys(lists[0]) if record_id in common] if lists else []
