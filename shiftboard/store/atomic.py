"""Durable, atomic file writes and the TinyDB storage built on them.

Stock TinyDB rewrites its file in place: a crash mid-write leaves half a file. Here every
write goes to a temp file in the same directory, is fsynced, renamed over the old file, and
the directory is fsynced, so a reader sees the old file or the new one, never a mix.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from tinydb.storages import Storage

from shiftboard.store.migrations import SCHEMA, Schema

TEMP_MARK = ".tmp-"
FILE_MODE = 0o600


class CorruptFile(Exception):
    """A data file that does not parse; it is never overwritten."""

    def __init__(self, path: Path, line: int, column: int, detail: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {detail}")
        self.path, self.line, self.column, self.detail = path, line, column, detail


class NewerSchema(Exception):
    """A file written by a newer shiftboard; this version must not touch it."""

    def __init__(self, path: Path, found: int) -> None:
        super().__init__(f"{path}: schema {found}")
        self.path, self.found = path, found


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once; the file is readable by its owner only."""
    temp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def read_json(path: Path) -> dict | None:
    """Parse a data file (None if it does not exist); raise CorruptFile if it does not parse."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse_json(raw, path)


def parse_json(raw: bytes, path: Path) -> dict:
    """The object in `raw` (the content of `path`), or CorruptFile saying where it breaks."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        raise CorruptFile(path, raw.count(b"\n", 0, error.start) + 1, error.start - line_start + 1,
                          "not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CorruptFile(path, error.lineno, error.colno, error.msg) from None
    if not isinstance(data, dict):
        raise CorruptFile(path, 1, 1, "top level is not an object")
    return data


def dump_json(data: dict) -> bytes:
    # Chinese stays readable in the file (no \u escapes); compact keeps writes fast.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic writes, schema migration on read, one parse per unit of work.

    An instance lives for one unit of work under the collection's lock, so remembering what
    it read is safe (nobody else can write meanwhile) and spares TinyDB re-parsing the file
    on every table access. `before_write` lets the owner take a backup first.
    """

    def __init__(self, path: str | Path, before_write: Callable[[Path], None] | None = None,
                 schema: Schema = SCHEMA) -> None:
        self.path = Path(path)
        self.before_write = before_write
        self.schema = schema
        self._data: dict | None = None

    def read(self) -> dict | None:
        if self._data is None:
            raw = read_json(self.path)
            if raw is None:
                return None
            found = schema_of(raw, self.path)
            if found > self.schema.current:
                raise NewerSchema(self.path, found)
            self._data = self.schema.upgrade(raw, found)
        return self._data

    def write(self, data: dict) -> None:
        data.setdefault("_meta", {})["1"] = {"schema": self.schema.current}
        if self.before_write and self.path.exists():
            self.before_write(self.path)
        atomic_write(self.path, dump_json(data))
        self._data = data


def schema_of(raw: dict, path: Path) -> int:
    """The schema a file says it has; a file without `_meta` predates versioning (schema 1)."""
    meta = raw.get("_meta", {})
    entry = meta.get("1", {}) if isinstance(meta, dict) else None
    found = entry.get("schema", 1) if isinstance(entry, dict) else None
    if not isinstance(found, int) or isinstance(found, bool) or found < 1:
        # a hand-edited version must be reported, not crash the command with a traceback
        raise CorruptFile(path, 1, 1, "_meta.1.schema is not a positive whole number")
    return found
