"""Putting a backup back in place of the data file it was taken of.

Under that file's lock, so no writer interleaves; atomically, so a reader sees the old file or
the restored one. The file being replaced is copied aside first and never deleted: a restore
can itself be undone by restoring the copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shiftboard.errors import ShiftboardError
from shiftboard.store.atomic import CorruptFile, atomic_write, parse_json
from shiftboard.store.collection import JsonTable
from shiftboard.store.store import Store


@dataclass(frozen=True)
class Restored:
    target: Path
    aside: Path | None  # where the file it replaced was kept, if there was one


def find_backup(store: Store, name: str) -> Path:
    """A backup of this data dir, named as `restore --list` shows it (or by its path)."""
    folder = store.backups.folder
    given = Path(name).expanduser()
    backup = given if given.parent != Path(".") else folder / given
    if not (backup.is_file() and backup.resolve().parent == folder.resolve()
            and store.backups.source_of(backup)):
        raise ShiftboardError("restore.not_a_backup", backup=name, folder=str(folder))
    return backup


def restore(store: Store, backup: Path) -> Restored:
    target = store.backups.source_of(backup)
    content = backup.read_bytes()
    try:
        parse_json(content, backup)  # a damaged backup must not replace anything
    except CorruptFile as error:
        raise ShiftboardError("restore.damaged_backup", backup=str(backup), line=error.line,
                              detail=error.detail) from None
    target.parent.mkdir(mode=0o700, exist_ok=True)
    with JsonTable(target, store.backups).locked():
        aside = _aside_name(target, store) if target.exists() else None
        if aside:
            atomic_write(aside, target.read_bytes())
        atomic_write(target, content)
    return Restored(target, aside)


def _aside_name(target: Path, store: Store) -> Path:
    stamp = store.clock.now().in_timezone("UTC").strftime("%Y%m%dT%H%M%S")
    aside = target.with_name(f"{target.name}.before-restore-{stamp}")
    n = 1
    while aside.exists():  # two restores in one second (or a pinned clock) keep both copies
        n += 1
        aside = target.with_name(f"{target.name}.before-restore-{stamp}-{n}")
    return aside
