"""The audit trail: one line of JSON per change, appended to a file per month
(`audit/audit-2026-11.jsonl`), never rewritten.

Each line is written whole with one `write` on a descriptor opened O_APPEND, under the
trail's cross-process lock, then fsynced: two processes never interleave, and a crash can
at most leave a last line torn, which readers skip. Nothing here opens the file to truncate
or replace it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from shiftboard.clock import Clock
from shiftboard.store.atomic import FILE_MODE
from shiftboard.store.collection import file_lock, held


@dataclass
class Actor:
    """Who is changing things in this process: set once it is known (the CLI, the server)."""

    agent: str = ""
    role: str = ""
    session: str = ""


class AuditLog:
    def __init__(self, root: Path, clock: Clock) -> None:
        self.folder = root / "audit"
        self.clock = clock
        self.actor = Actor()

    def _path(self, month: str) -> Path:
        return self.folder / f"audit-{month}.jsonl"

    def append(self, **entry: object) -> dict:
        now = self.clock.now()
        line = {"at": now.isoformat(), "agent": self.actor.agent, "role": self.actor.role,
                "session": self.actor.session, **entry}
        data = (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        self.folder.mkdir(mode=0o700, exist_ok=True)
        path = self._path(now.format("YYYY-MM"))
        with held(file_lock(self.folder / ".audit.lock"), path):
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
            try:
                os.write(fd, data)
                os.fdatasync(fd)  # the data and the new length; an append changes no other metadata we need
            finally:
                os.close(fd)
        return line

    def months(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem[len("audit-"):] for p in self.folder.glob("audit-*.jsonl"))

    def read(self, since_month: str = "") -> Iterator[dict]:
        """Every whole entry, oldest first (a torn or damaged line is skipped)."""
        for month in self.months():
            if month < since_month:
                continue
            with open(self._path(month), "rb") as handle:
                for raw in handle:
                    try:
                        entry = json.loads(raw)
                    except ValueError:
                        continue
                    if isinstance(entry, dict):
                        yield entry
