"""The team's accounts: one small file in the data dir (`accounts.json`, 0600), written
atomically under its lock like every collection. Holds password hashes, never passwords."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shiftboard.domain.team.accounts import account_problem
from shiftboard.store.backups import Backups
from shiftboard.store.collection import JsonTable
from shiftboard.store.migrations import Schema
from shiftboard.store.store import ACCOUNTS_FILE



class Accounts:
    def __init__(self, root: Path, backups: Backups) -> None:
        self.table = JsonTable(root / ACCOUNTS_FILE, backups, Schema(problem=account_problem))

    @property
    def path(self) -> Path:
        return self.table.path

    def exist(self) -> bool:
        """Has the team made any account? Without one, shiftboard works as it always did."""
        return self.table.path.exists() and bool(self.table.read())

    def all(self) -> list[dict]:
        return sorted(self.table.read(), key=lambda record: record["id"])

    def get(self, name: str) -> dict | None:
        return self.table.get(name)

    def update(self, name: str, change: Callable[[dict | None], dict]) -> dict:
        return self.table.update(name, change)
