"""The upkeep of a sharded collection (`ShardedCollection`): moving closed records to their
months, loading in bulk, rebuilding the indexes and clearing what a killed writer left.
`Store.maintain`, `check`, `restore` and imports run these; a screen never does."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from shiftboard.store.atomic import TEMP_MARK
from shiftboard.store.backups import HISTORY
from shiftboard.store.collection import JsonTable, _put_all
from shiftboard.store.partial import LIVE


class ShardUpkeep:
    """Mixed into `ShardedCollection`, whose files, indexes and helpers (`_rows`, `history`,
    `period_index` …) it works on."""

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
            self.partial.texts(LIVE).change(removed=[record["id"] for record in records])
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
        self.partial.texts(LIVE).change(added=self.partial.entries(live, None))
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
            self.partial.texts(period).change(added=self.partial.entries(group, period))

    def reindex(self) -> int:
        """Rebuild every index from the records (after damage, or a crash mid-write)."""
        count = 0
        for index, records, period in [(self.live_index, self.live.read(), None),
                                       *((self.period_index(p), self.records_of(p), p) for p in self.periods())]:
            rows: dict[str, list[dict]] = {}
            for record in records:
                for key, row in self._rows(record, period).items():
                    rows.setdefault(key, []).append(row)
            index.rebuild(rows)
            self.partial.texts(period or LIVE).rebuild(self.partial.entries(records, period))
            count += len(records)
        self.partial.mark_current()
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

    def records_of(self, period: str) -> list[dict]:
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
        texts = [self.partial.texts(folder) for folder in (LIVE, *self.periods())]
        summaries = self.summaries.clean_orphans() if self.summaries is not None else 0
        return (sum(t.clean_orphans() for t in tables) + sum(i.clean_orphans() for i in (*indexes, *texts))
                + summaries + self.partial.clean_orphans())


def _temps(folder: Path, pattern: str) -> list[Path]:
    return list(folder.glob(pattern)) if folder.exists() else []
