"""A text index: one file whose head holds a `text<TAB>id<TAB>at<TAB>size` line per record,
searched for a fragment, and whose tail holds each record's extra (a month's: its small row).

Why not keys in a KeyIndex (as the number tails and name pieces were): the pieces of names a
whole team's buyers share ("tb", "小", a nickname's common prefix) were each held by nearly
every record of a month, so the shard files holding them were large, and every look-up whose
own piece hashed there parsed them (the name search's 104 ms p95 over a year); they made the
index of the synthetic year 116 MB larger. A month's head is ~1 MB, searched undecoded with
`bytes.find` at memory speed: a fragment costs the same however common its pieces are.

Why the extras: a hit then needs no other file. A fragment held by 40 cases across a year
had cost 40 row-shard reads (~100 KB of JSON each), the slowest partial searches; a hit's
extra is one small read at its offset. They live in the tail, read only where hit, so the
search scans the head alone (with the rows in each line it scanned ten times the bytes).

One file, replaced atomically: head and tail never disagree. Like a KeyIndex it is derived
data (rebuilt from the records) and its lines are hints: a reader checks the record matches.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from shiftboard.store.atomic import TEMP_MARK, atomic_write
from shiftboard.store.collection import file_lock, held

if TYPE_CHECKING:
    from filelock import BaseFileLock

#: A text never holds these: they separate the fields and the lines.
_SEPARATORS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})
#: What the index keeps of one record: its text and an extra (any text), or "".
Entry = tuple[str, str]
#: The file's first line: the head's size in bytes, in a fixed width.
_SIZE = 16


class TextIndex:
    """The file `path` (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @functools.cached_property
    def lock(self) -> BaseFileLock:
        return file_lock(self.path.with_name(f".{self.path.name}.lock"))

    def find(self, fragment: str) -> Iterator[tuple[str, str]]:
        """(id, extra) of the records whose text holds `fragment`, in the file's order.

        The head is searched as bytes, undecoded: in UTF-8 a character's bytes never occur
        inside another's, so a byte match of a whole text is a match of its characters."""
        if not fragment or fragment != fragment.translate(_SEPARATORS):
            return
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            return
        with handle:
            head, tail = _head(handle)
            for record_id, at, size in _hits(head, fragment.encode("utf-8")):
                handle.seek(tail + at)
                yield record_id, handle.read(size).decode("utf-8")

    def _lines(self) -> dict[str, Entry]:
        """id → (text, extra), as stored."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        size = int(raw[:_SIZE])
        head, tail = raw[_SIZE:_SIZE + size].decode("utf-8"), raw[_SIZE + size:]
        found = {}
        for line in filter(None, head.split("\n")):  # not splitlines(): it also splits at \x1c–\x1e
            text, record_id, at, length = line.split("\t")
            found[record_id] = (text, tail[int(at):int(at) + int(length)].decode("utf-8"))
        return found

    def change(self, added: Mapping[str, Entry] | None = None, removed: Iterable[str] = ()) -> None:
        """Set the entry of ids in `added` (a new line or a changed one), drop the ids in
        `removed`; one atomic rewrite under the file's lock."""
        added, removed = dict(added or {}), set(removed)
        if not added and not removed:
            return
        with self._locked():
            lines = self._lines()
            for record_id in removed:
                lines.pop(record_id, None)
            lines.update(added)
            self._write(lines)

    def rebuild(self, texts: Mapping[str, Entry]) -> None:
        """Replace the whole file with `texts` (id → entry)."""
        with self._locked():
            self._write(texts)

    def _locked(self):
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return held(self.lock, self.path)

    def _write(self, texts: Mapping[str, Entry]) -> None:
        head, tail, at = [], [], 0
        for record_id, (text, extra) in texts.items():
            if text:
                data = extra.encode("utf-8")
                head.append(f"{text.translate(_SEPARATORS)}\t{record_id}\t{at}\t{len(data)}\n")
                tail.append(data)
                at += len(data)
        body = "".join(head).encode("utf-8")
        atomic_write(self.path, b"".join([f"{len(body):0{_SIZE - 1}d}\n".encode(), body, *tail]))

    def clean_orphans(self) -> int:
        """Temp files a killed writer left (under the lock no writer runs)."""
        folder = self.path.parent
        found = list(folder.glob(f".{self.path.name}{TEMP_MARK}*")) if folder.exists() else []
        if found:
            with self._locked():
                for orphan in found:
                    orphan.unlink(missing_ok=True)
        return len(found)


def _head(handle: BinaryIO) -> tuple[bytes, int]:
    """The head of an open index file, and where its tail starts."""
    size = int(handle.read(_SIZE) or 0)
    return handle.read(size), _SIZE + size


def _hits(head: bytes, wanted: bytes) -> Iterator[tuple[str, int, int]]:
    """(id, at, size) of each head line whose text holds `wanted`."""
    start = 0
    while (hit := head.find(wanted, start)) >= 0:
        line = head.rfind(b"\n", 0, hit) + 1
        tab = head.find(b"\t", line)
        end = head.find(b"\n", tab)
        if tab < 0 or end < 0:  # a line cut short (not written by us): nothing after it is whole
            return
        if hit + len(wanted) <= tab:  # in the text, not in the id
            record_id, at, size = head[tab + 1:end].decode("utf-8").split("\t")
            yield record_id, int(at), int(size)
        start = end + 1
