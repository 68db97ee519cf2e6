"""A look-up index: key → a few small rows, sharded by a hash of the key.

A look-up reads one small shard file, however many records the index covers. The index is
derived data — every row can be rebuilt from the records (`ShardedCollection.reindex`) — so
it takes no hourly backups, and its rows are hints: readers check a row still matches before
they trust it, which lets writers add rows *before* the record is written and drop stale
ones after, never leaving a record that cannot be found.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from shiftboard.errors import ShiftboardError
from shiftboard.store.atomic import TEMP_MARK, CorruptFile, atomic_write, dump_json, read_json
from shiftboard.store.collection import file_lock, held

if TYPE_CHECKING:
    from filelock import BaseFileLock

INDEX_SCHEMA = 1


def shard_of(text: str, shards: int) -> int:
    """A stable shard number (the same in every process, unlike `hash`)."""
    return zlib.crc32(text.encode("utf-8")) % shards


class KeyIndex:
    """One folder of shard files `k-NNN.json`: {"keys": {key: [row, …]}}; rows carry an "id"."""

    def __init__(self, folder: Path, shards: int) -> None:
        self.folder, self.shards = folder, shards

    @functools.cached_property
    def lock(self) -> BaseFileLock:
        return file_lock(self.folder / ".index.lock")

    def _path(self, shard: int) -> Path:
        return self.folder / f"k-{shard:03d}.json"

    def _read(self, shard: int) -> dict[str, list[dict]]:
        path = self._path(shard)
        try:
            data = read_json(path)
        except CorruptFile as error:
            raise ShiftboardError("error.index_damaged", file=str(error.path), detail=error.detail) from None
        return data.get("keys", {}) if data else {}

    def lookup(self, key: str) -> list[dict]:
        """The rows stored under `key` (in the form it was stored in)."""
        return self.lookup_many([key]).get(key, [])

    def lookup_many(self, keys: Iterable[str]) -> dict[str, list[dict]]:
        """The rows of several keys, reading each shard once."""
        if not self.folder.exists():
            return {}
        by_shard: dict[int, list[str]] = {}
        for key in dict.fromkeys(keys):
            by_shard.setdefault(shard_of(key, self.shards), []).append(key)
        found = {}
        for shard, wanted in by_shard.items():
            stored = self._read(shard)
            found.update({key: list(stored[key]) for key in wanted if key in stored})
        return found

    def _locked(self) -> AbstractContextManager[None]:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return held(self.lock, self.folder)

    def change(self, added: Mapping[str, Iterable[dict]] | None = None,
               removed: Mapping[str, Iterable[str]] | None = None) -> None:
        """Add rows under keys (a row replaces one with the same id) and drop ids from keys;
        each shard touched is read and written once, under the index's lock."""
        added, removed = added or {}, removed or {}
        by_shard: dict[int, list[tuple[str, list[dict], set[str]]]] = {}
        for key in set(added) | set(removed):
            entry = (key, list(added.get(key, ())), set(removed.get(key, ())))
            by_shard.setdefault(shard_of(key, self.shards), []).append(entry)
        if not by_shard:
            return
        with self._locked():
            for shard, entries in by_shard.items():
                keys = self._read(shard)
                for key, rows, gone in entries:
                    fresh = {row["id"] for row in rows}
                    kept = [row for row in keys.get(key, ()) if row["id"] not in fresh | gone]
                    if kept or rows:
                        keys[key] = kept + rows
                    else:
                        keys.pop(key, None)
                self._write(shard, keys)

    def _write(self, shard: int, keys: dict) -> None:
        atomic_write(self._path(shard), dump_json({"_meta": {"schema": INDEX_SCHEMA}, "keys": keys}))

    def rebuild(self, rows_by_key: Mapping[str, list[dict]]) -> None:
        """Replace the whole index with `rows_by_key` (every shard written, empty ones too)."""
        by_shard: dict[int, dict[str, list[dict]]] = {n: {} for n in range(self.shards)}
        for key, rows in rows_by_key.items():
            by_shard[shard_of(key, self.shards)][key] = rows
        with self._locked():
            for shard, keys in by_shard.items():
                self._write(shard, keys)

    def clean_orphans(self) -> int:
        """Temp files a killed writer left (under the lock no writer runs)."""
        found = list(self.folder.glob(f".k-*{TEMP_MARK}*")) if self.folder.exists() else []
        if found:
            with self._locked():
                for orphan in found:
                    orphan.unlink(missing_ok=True)
        return len(found)
