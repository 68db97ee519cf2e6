"""A text index: one plain file of `text<TAB>id` lines that a fragment is searched in.

Why not n-gram keys in a KeyIndex (as the name pieces were): the pieces of names a whole
team's buyers share ("tb", "小", a nickname's common prefix) were each held by nearly every
record of a month, so the shard files holding them were large, and every look-up whose own
piece hashed there parsed them (the name search's 104 ms p95 over a year); they also made the
index ~140 MB larger. A month's names in one file are ~0.5 MB, read without a JSON parse, and
`str.find` scans it at memory speed: a fragment costs the same however common its pieces are.

Like a KeyIndex it is derived data (rebuilt from the records) and its lines are hints: a
reader checks the record still matches.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from shiftboard.store.atomic import TEMP_MARK, atomic_write
from shiftboard.store.collection import file_lock, held

if TYPE_CHECKING:
    from filelock import BaseFileLock

#: A text never holds these: they separate the fields and the lines.
_SEPARATORS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


class TextIndex:
    """The file `path`: one line per record, its text then its id."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @functools.cached_property
    def lock(self) -> BaseFileLock:
        return file_lock(self.path.with_name(f".{self.path.name}.lock"))

    def _read(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return b""

    def find(self, fragment: str) -> Iterator[str]:
        """The ids whose text holds `fragment`, in the file's order.

        The file is searched as bytes, undecoded (a third of the time of a read as text): in
        UTF-8 a character's bytes never occur inside another's, so a byte match of a whole
        text is a match of its characters."""
        if not fragment or fragment != fragment.translate(_SEPARATORS):
            return
        blob, wanted = self._read(), fragment.encode("utf-8")
        start = 0
        while (hit := blob.find(wanted, start)) >= 0:
            line = blob.rfind(b"\n", 0, hit) + 1
            tab = blob.find(b"\t", line)
            if tab < 0:  # a line cut short (not written by us): nothing after it is whole
                return
            end = blob.find(b"\n", tab)
            end = len(blob) if end < 0 else end
            if hit + len(wanted) <= tab:  # in the text, not in the id
                yield blob[tab + 1:end].decode("utf-8")
            start = end + 1

    def _lines(self) -> dict[str, str]:
        """id → text, as stored."""
        found = {}
        for line in self._read().decode("utf-8").splitlines():
            text, _, record_id = line.partition("\t")
            if record_id:
                found[record_id] = text
        return found

    def change(self, added: Mapping[str, str] | None = None, removed: Iterable[str] = ()) -> None:
        """Set the text of ids in `added` (a new line or a changed one), drop the ids in
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

    def rebuild(self, texts: Mapping[str, str]) -> None:
        """Replace the whole file with `texts` (id → text)."""
        with self._locked():
            self._write(texts)

    def _locked(self):
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return held(self.lock, self.path)

    def _write(self, texts: Mapping[str, str]) -> None:
        body = "".join(f"{text.translate(_SEPARATORS)}\t{record_id}\n" for record_id, text in texts.items() if text)
        atomic_write(self.path, body.encode("utf-8"))

    def clean_orphans(self) -> int:
        """Temp files a killed writer left (under the lock no writer runs)."""
        folder = self.path.parent
        found = list(folder.glob(f".{self.path.name}{TEMP_MARK}*")) if folder.exists() else []
        if found:
            with self._locked():
                for orphan in found:
                    orphan.unlink(missing_ok=True)
        return len(found)
