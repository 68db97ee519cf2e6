"""The live records of a sharded collection (see sharded.py): one shard file per hash of the id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from shiftboard.store.backups import Backups
from shiftboard.store.collection import JsonTable
from shiftboard.store.keyindex import shard_of
from shiftboard.store.migrations import Schema

LIVE_SHARDS = 16


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

    def ids(self) -> list[str]:
        return [record["id"] for record in self.stream()]

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
