"""Rotating hourly backups of the data files.

Before the first write of each hour the file about to be replaced is copied aside. It is a
good copy: a write follows a successful read of the same file in the same unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shiftboard.clock import Clock
from shiftboard.store.atomic import TEMP_MARK, atomic_write

KEEP = 48


@dataclass
class Backups:
    folder: Path
    clock: Clock
    limit: int = KEEP

    def _name(self, path: Path) -> str:
        # history/runs-2026-10.json and runs.json must not share backups
        return path.stem if path.parent.name != "history" else f"history-{path.stem}"

    def save(self, path: Path) -> None:
        stamp = self.clock.now().in_timezone("UTC").format("YYYYMMDDTHH")
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
