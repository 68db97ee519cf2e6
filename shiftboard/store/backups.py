"""Rotating hourly backups of the data files.

Before the first write of each hour the file about to be replaced is copied aside. It is a
good copy: a write follows a successful read of the same file in the same unit of work.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pendulum
from pendulum import DateTime

from shiftboard.clock import Clock
from shiftboard.store.atomic import TEMP_MARK, atomic_write

KEEP = 48
STAMP = "YYYYMMDDTHH"  # the UTC hour a backup was taken
HISTORY = "history-"
#: runs.20261123T10.json, history-runs-2026-10.20261123T10.json
_BACKUP_NAME = re.compile(r"^(?P<stem>[^.].*)\.(?P<stamp>\d{8}T\d{2})\.json$")


@dataclass
class Backups:
    folder: Path
    clock: Clock
    limit: int = KEEP
    #: Told of each record a write changed (file, before, after), under that file's lock: the
    #: store's audit trail. Here because every table of a data dir shares its Backups.
    journal: Callable[[Path, dict | None, dict], None] | None = None

    def _name(self, path: Path) -> str:
        # history/runs-2026-10.json and runs.json must not share backups
        return path.stem if path.parent.name != "history" else f"{HISTORY}{path.stem}"

    def source_of(self, backup: Path) -> Path | None:
        """The data file `backup` was taken of (the reverse of its name), None if not a backup."""
        match = _BACKUP_NAME.match(backup.name)
        if not match:
            return None
        stem, root = match["stem"], self.folder.parent
        if stem.startswith(HISTORY):
            return root / "history" / f"{stem[len(HISTORY):]}.json"
        return root / f"{stem}.json"

    @staticmethod
    def taken_at(backup: Path) -> DateTime:
        return pendulum.from_format(_BACKUP_NAME.match(backup.name)["stamp"], STAMP, tz="UTC")

    def catalogue(self) -> dict[Path, list[Path]]:
        """Every backup in the folder by the data file it was taken of, newest first."""
        found: dict[Path, list[Path]] = {}
        backups = sorted(self.folder.glob("*.json"), reverse=True) if self.folder.exists() else []
        for backup in backups:
            source = self.source_of(backup)
            if source is not None:
                found.setdefault(source, []).append(backup)
        return dict(sorted(found.items()))

    def save(self, path: Path) -> None:
        stamp = self.clock.now().in_timezone("UTC").format(STAMP)
        target = self.folder / f"{self._name(path)}.{stamp}.json"
        if target.exists():
            return
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(target, path.read_bytes())
        for old in self.all(path)[self.limit:]:
            old.unlink(missing_ok=True)

    def all(self, path: Path) -> list[Path]:
        """Backups of `path`, newest first."""
        if not self.folder.exists():
            return []
        return sorted(self.folder.glob(f"{self._name(path)}.*.json"), reverse=True)

    def orphans(self, path: Path) -> list[Path]:
        """Temp files a writer killed while backing up `path` left behind."""
        if not self.folder.exists():
            return []
        return list(self.folder.glob(f".{self._name(path)}.*{TEMP_MARK}*"))

    def newest(self, path: Path) -> Path | None:
        found = self.all(path)
        return found[0] if found else None
