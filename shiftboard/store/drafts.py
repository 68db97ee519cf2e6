"""What an agent has typed into a dialog and not saved yet, one record per agent and place,
so that a terminal that dies (or a quit) loses nothing. One small file, written like every
other (atomic, under its lock, 0600), never archived: a draft is removed once it is saved."""

from __future__ import annotations

from pathlib import Path

from tinydb import Query

from shiftboard.store.backups import Backups
from shiftboard.store.collection import JsonTable


class Drafts:
    """Drafts by (agent, place): `place` names the dialog and what it is about, e.g.
    `note:2026-11-23/day:orders.process` or `read_back:2026-11-23/day/Li`."""

    def __init__(self, root: Path, backups: Backups) -> None:
        self.table = JsonTable(root / "drafts.json", backups)

    @staticmethod
    def _id(agent: str, place: str) -> str:
        return f"{agent}|{place}"

    def get(self, agent: str, place: str) -> dict[str, str]:
        """The fields of the draft (name → text), empty when there is none."""
        found = self.table.get(self._id(agent, place))
        return dict(found["fields"]) if found else {}

    def save(self, agent: str, place: str, fields: dict[str, str], at: str) -> None:
        """Keep what is typed; fields all empty remove the draft instead."""
        if not any(value.strip() for value in fields.values()):
            self.discard(agent, place)
            return
        self.table.update(self._id(agent, place),
                          lambda _: {"agent": agent, "place": place, "fields": dict(fields), "at": at})

    def discard(self, agent: str, place: str) -> None:
        """Remove the draft, if there is one. Most dialogs are answered before a draft was
        ever written: looked at first without the lock (reads are safe, writes replace the
        file whole), nothing is written for them. Every note had rewritten the team's one
        drafts file, under its lock, with its fsyncs (bench/bench_serve.py)."""
        if self.table.get(self._id(agent, place)) is None:
            return
        with self.table.transaction() as table:
            table.remove(Query().id == self._id(agent, place))
