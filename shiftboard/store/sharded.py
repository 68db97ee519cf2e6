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
  and no record file.

Every shard file is a `JsonTable`: locked units of work, atomic writes, backups, damaged-file
handling, as for every other collection.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from shiftboard.store.atomic import TEMP_MARK
from shiftboard.store.backups import HISTORY, Backups
from shiftboard.store.collection import JsonTable, PeriodOf, _put_all
from shiftboard.store.keyindex import SplitIndex, shard_of
from shiftboard.store.migrations import SCHEMA, Schema
from shiftboard.store.summaries import DaySummaries

LIVE_SHARDS = 16
HISTORY_SHARDS = 16
LIVE_INDEX_SHARDS = 16
PERIOD_INDEX_SHARDS = 64

#: record → the keys it is found by (in the form look-ups use).
KeysOf = Callable[[dict], set[str]]
#: record → the small row a month's index keeps of it (must hold the fields its keys come from).
RowOf = Callable[[dict], dict]
#: A look-up: the keys a record must all hold, the test its record (or row) must pass, and a
#: test of the index rows under its first key (their hints), or None.
Lookup = tuple[tuple[str, ...], Callable[[dict], bool], Callable[[dict], bool] | None]
#: (record, key) → what the index row under that key keeps beside the id: a hint that lets a
#: look-up drop most non-matches before reading their rows (e.g. the buyer under a name piece).
HintOf = Callable[[dict, str], dict]


def id_key(record_id: str) -> str:
    """The index key that finds an archived record's month from its id."""
    return f"#{record_id}"


class LiveShards:
    """The live records, one shard file per hash of the id."""

    def __init__(self, root: Path, name: str, backups: Backups, schema: Schema) -> None:
        self.tables = [JsonTable(root / f"{name}-{n:02d}.json", backups, schema) for n in range(LIVE_SHARDS)]

    def table(self, record_id: str) -> JsonTable:
        return self.tables[shard_of(record_id, len(self.tables))]

    @property
    def paths(self) -> list[Path]:
        return [table.path for table in self.tables]

    def read(self) -> list[dict]:
        return list(self.stream())

    def stream(self) -> Iterator[dict]:
        """The live records one shard at a time, for a reader that keeps only what it needs
        of each (the dashboard's due-soon panel): its memory stays one shard's worth."""
        for table in self.tables:
            yield from table.read()

    def get(self, record_id: str) -> dict | None:
        return self.table(record_id).get(record_id)

    def get_many(self, record_ids: Iterable[str]) -> list[dict]:
        """The records of `record_ids` still live, each shard read once."""
        by_table: dict[int, set[str]] = {}
        for record_id in record_ids:
            by_table.setdefault(shard_of(record_id, len(self.tables)), set()).add(record_id)
        return [record for shard, wanted in by_table.items()
                for record in self.tables[shard].read() if record.get("id") in wanted]


class ShardedCollection:
    """Live shards, monthly history shards and their key index (see the module's docstring)."""

    #: `Store.maintain` archives once per value of this format: once a day.
    ARCHIVE_STAMP = "YYYY-MM-DD"

    def __init__(self, root: Path, name: str, backups: Backups, period_of: PeriodOf,
                 keys_of: KeysOf, row_of: RowOf, schema: Schema = SCHEMA,
                 summaries: DaySummaries | None = None, sides: dict[str, tuple[str, int]] | None = None,
                 hint_of: HintOf | None = None) -> None:
        self.root, self.name, self.period_of = root, name, period_of
        #: Per-day sums the reports read, kept up to date by every write (see summaries.py).
        self.summaries = summaries
        self.keys_of, self.row_of = keys_of, row_of
        self.backups, self.schema = backups, schema
        self.live = LiveShards(root, name, backups, schema)
        self.history_folder = root / "history"
        self.index_folder = self.history_folder / f"{name}-index"
        self.sides, self.hint_of = sides or {}, hint_of
        # keys of the kinds in `sides` (prefix → (sub-folder, shards a month)) are kept apart
        self.live_index = SplitIndex(self.index_folder / "live", LIVE_INDEX_SHARDS,
                                     {prefix: (name, LIVE_INDEX_SHARDS) for prefix, (name, _) in self.sides.items()})
        self._history_name = re.compile(rf"^{re.escape(name)}-(\d{{4}}-\d{{2}})-\d{{2}}$")

    # -- where things are ----------------------------------------------------------------

    def history(self, period: str, record_id: str) -> JsonTable:
        shard = shard_of(record_id, HISTORY_SHARDS)
        return JsonTable(self.history_folder / f"{self.name}-{period}-{shard:02d}.json", self.backups, self.schema)

    def history_tables(self, period: str) -> list[JsonTable]:
        return [JsonTable(path, self.backups, self.schema)
                for path in sorted(self.history_folder.glob(f"{self.name}-{period}-*.json"))]

    def period_index(self, period: str) -> SplitIndex:
        return SplitIndex(self.index_folder / period, PERIOD_INDEX_SHARDS, self.sides)

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
        hint = self.hint_of or (lambda _record, _key: {})
        rows = {key: {"id": record["id"], **hint(record, key)} for key in self.keys_of(record)}
        if period is not None:
            rows[id_key(record["id"])] = {**self.row_of(record), "id": record["id"], "period": period}
        return rows

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
        return self.search([((key,), lambda row: key in self.keys_of(row), None)], limit) if key else []

    def search(self, lookups: list[Lookup], limit: int) -> list[dict]:
        """Rows of the records found by any of `lookups`, in `find`'s order. Each lookup is
        (keys a record must all hold, a test its record — live — or small row — archived —
        must pass): the keys narrow, the test decides (index rows are hints, and a partial
        key is held by records that do not match). Each month's shards are read once for all
        the lookups together."""
        found: dict[str, dict] = {}
        ids = dict.fromkeys(i for keys, _, first in lookups for i in _ids(self.live_index, keys, first))
        for record in self.live.get_many(ids):
            if any(test(record) for _, test, _ in lookups):
                found[record["id"]] = {**self.row_of(record), "id": record["id"], "period": None}
        for period in self.periods():
            if len(found) >= limit:
                break
            index = self.period_index(period)
            ids = dict.fromkeys(i for keys, _, first in lookups for i in _ids(index, keys, first) if i not in found)
            wanted = _fewest_files(list(ids), limit - len(found))
            for rows in index.lookup_many(map(id_key, wanted)).values():
                if any(test(rows[0]) for _, test, _ in lookups):
                    found[rows[0]["id"]] = rows[0]
        return list(found.values())[:limit]

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
            for record in changed:
                old, new = self._rows(before.get(record["id"]), None), self._rows(record, None)
                for key in (key for key, row in new.items() if old.get(key) != row):
                    added.setdefault(key, []).append(new[key])
                for key in old.keys() - new.keys():
                    removed.setdefault(key, []).append(record["id"])
            self.live_index.change(added=added)
            by_table: dict[Path, tuple[JsonTable, list[dict]]] = {}
            for record in changed:
                table = self.live.table(record["id"])
                by_table.setdefault(table.path, (table, []))[1].append(record)
            for table, batch in by_table.values():
                with table.transaction() as stored:  # the lock is re-entered, still held
                    _put_all(stored, batch)
            self.live_index.change(removed=removed)
            return changed

    def update(self, record_id: str, change: Callable[[dict | None], dict], period: str | None = None) -> dict:
        """One locked read–modify–write of a live record (or of one archived in `period`).

        New index rows are written inside the unit of work, before the record; rows gone
        stale are dropped after it: a crash leaves an extra row, never a missing one.
        """
        table = self.history(period, record_id) if period else self.live.table(record_id)
        index = self.period_index(period) if period else self.live_index
        stale: dict[str, list[str]] = {}
        seen: list[dict | None] = []

        def indexed(before: dict | None) -> dict:
            old = self._rows(before, period)  # before `change`, which may change `before` in place
            if self.summaries is not None:
                seen.append(copy.deepcopy(before))
            after = change(before)
            after["id"] = record_id
            new = self._rows(after, period)
            stale.update({key: [record_id] for key in old.keys() - new.keys()})
            index.change(added={key: [row] for key, row in new.items() if old.get(key) != row})
            return after

        after = table.update(record_id, indexed)
        index.change(removed=stale)
        if self.summaries is not None:  # after the record, like stale rows: `reindex` recounts
            self.summaries.apply(seen[0], after)
        return after

    def archive(self) -> int:
        """Move records whose `period_of` says so from the live shards to their months.

        Every live shard is locked for the run, so no change to a moving record is lost;
        history and its index are written first, the live shards last: a crash in between
        leaves a record in both places (found once, live first), never nowhere.
        """
        self.history_folder.mkdir(mode=0o700, exist_ok=True)
        with ExitStack() as stack:
            for table in self.live.tables:
                stack.enter_context(table.locked())
            # Only the leaving records are kept in memory, not every live shard at once: the
            # whole live set held through the run raised the dashboard's peak memory by ~7 MB
            # at the first start of each day. Each shard is read twice instead (~20 ms).
            leaving: list[tuple[JsonTable, list[int]]] = []
            records: list[dict] = []
            for table in self.live.tables:
                docs = [doc for doc in table.read() if self.period_of(doc)]
                if docs:
                    leaving.append((table, [doc.doc_id for doc in docs]))
                    records.extend(dict(doc) for doc in docs)
            if not records:
                return 0
            self._write_history(records)
            gone: dict[str, list[str]] = {}
            for record in records:
                for key in self._rows(record, None):
                    gone.setdefault(key, []).append(record["id"])
            self.live_index.change(removed=gone)
            for table, doc_ids in leaving:
                with table.transaction() as stored:  # the lock is re-entered, still held
                    stored.remove(doc_ids=doc_ids)
            return len(records)

    def load(self, records: Iterable[dict]) -> int:
        """Import records in bulk (the benchmark's synthetic year, an import): live ones into
        their shards, closed ones into their months; each file is written once."""
        live, closed = [], []
        for record in records:
            (closed if self.period_of(record) else live).append(record)
        by_table: dict[Path, tuple[JsonTable, list[dict]]] = {}
        for record in live:
            table = self.live.table(record["id"])
            by_table.setdefault(table.path, (table, []))[1].append(record)
        rows: dict[str, list[dict]] = {}
        for record in live:
            for key, row in self._rows(record, None).items():
                rows.setdefault(key, []).append(row)
        self.live_index.change(added=rows)
        for table, batch in by_table.values():
            with table.transaction() as stored:
                _put_all(stored, batch)
        if closed:
            self._write_history(closed)
        if self.summaries is not None:
            self.summaries.add(live + closed)
        return len(live) + len(closed)

    def _write_history(self, records: list[dict]) -> None:
        self.history_folder.mkdir(mode=0o700, exist_ok=True)
        by_period: dict[str, list[dict]] = {}
        for record in records:
            by_period.setdefault(self.period_of(record), []).append(record)
        for period, group in by_period.items():
            by_file: dict[Path, tuple[JsonTable, list[dict]]] = {}
            for record in group:
                table = self.history(period, record["id"])
                by_file.setdefault(table.path, (table, []))[1].append(record)
            for table, batch in by_file.values():
                with table.transaction() as stored:
                    _put_all(stored, batch)
            rows: dict[str, list[dict]] = {}
            for record in group:
                for key, row in self._rows(record, period).items():
                    rows.setdefault(key, []).append(row)
            self.period_index(period).change(added=rows)

    def reindex(self) -> int:
        """Rebuild every index from the records (after damage, or a crash mid-write)."""
        count = 0
        for index, records, period in [(self.live_index, self.live.read(), None),
                                       *((self.period_index(p), self._month(p), p) for p in self.periods())]:
            rows: dict[str, list[dict]] = {}
            for record in records:
                for key, row in self._rows(record, period).items():
                    rows.setdefault(key, []).append(row)
            index.rebuild(rows)
            count += len(records)
        if self.summaries is not None:
            self.recount()
        return count

    def stream_all(self) -> Iterator[dict]:
        """Every record, live and archived, one shard file in memory at a time."""
        yield from self.live.stream()
        for period in self.periods():
            for table in self.history_tables(period):
                yield from table.read()

    def recount(self) -> int:
        """Recount the per-day summaries from every record."""
        return self.summaries.rebuild(self.stream_all()) if self.summaries is not None else 0

    def _month(self, period: str) -> list[dict]:
        return [record for table in self.history_tables(period) for record in table.read()]

    def clean_orphans(self) -> int:
        """Temp files a killed writer left beside a shard, a history shard (also one never
        completed), a backup of either, or in the index.

        Each folder is listed once and only a file with orphans is visited: a glob per shard
        file cost ~100 ms at every start-up with a year of history.
        """
        sources: set[Path] = set()
        for folder in (self.root, self.history_folder):
            for temp in _temps(folder, f".{self.name}-*{TEMP_MARK}*"):
                sources.add(folder / temp.name[1:].split(TEMP_MARK)[0])
        for prefix in (self.name, f"{HISTORY}{self.name}"):
            for temp in _temps(self.backups.folder, f".{prefix}-*{TEMP_MARK}*"):
                source = self.backups.source_of(Path(temp.name[1:].split(TEMP_MARK)[0]))
                sources.update([source] if source else [])
        tables = [JsonTable(path, self.backups, self.schema) for path in sorted(sources)]
        indexes = [self.live_index, *map(self.period_index, self.periods())]
        summaries = self.summaries.clean_orphans() if self.summaries is not None else 0
        return sum(t.clean_orphans() for t in tables) + sum(i.clean_orphans() for i in indexes) + summaries


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


def _ids(index: SplitIndex, keys: tuple[str, ...], first: Callable[[dict], bool] | None = None) -> list[str]:
    """The ids stored under every one of `keys`, in the first key's order (its rows passing
    `first`, when given)."""
    hits = index.lookup_many(keys)
    lists = [[row["id"] for row in hits.get(key, ()) if n or first is None or first(row)] for n, key in enumerate(keys)]
    common = set(lists[0]).intersection(*lists[1:]) if lists else set()
    return [record_id for record_id in dict.fromkeys(lists[0]) if record_id in common] if lists else []


def _temps(folder: Path, pattern: str) -> list[Path]:
    return list(folder.glob(pattern)) if folder.exists() else []
