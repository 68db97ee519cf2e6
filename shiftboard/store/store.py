"""The data directory of a team: its collections, config, playbook and backups."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from shiftboard.clock import Clock, wall_date
from shiftboard.store.atomic import atomic_write
from shiftboard.store.audit import AuditLog
from shiftboard.store.backups import Backups
from shiftboard.config import render_config
from shiftboard.domain.records import case_problem, handover_problem, run_problem
from shiftboard.errors import ShiftboardError
from shiftboard.store.migrations import Schema
from shiftboard.store.collection import Collection, file_lock
from shiftboard.store.teamfiles import read_team_text

if TYPE_CHECKING:
    from shiftboard.store.drafts import Drafts
    from shiftboard.store.accounts import Accounts
    from shiftboard.store.sharded import ShardedCollection

APP = "shiftboard"
#: The team's accounts (see store/accounts.py).
ACCOUNTS_FILE = "accounts.json"
UNAUDITED = {"reply_usage"}



def default_data_dir() -> Path:
    import platformdirs  # only needed when no --data-dir is given

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def open_root(root: Path, create: bool) -> None:
    """Check that `root` can serve as a data dir (and make it, with `create`): one clear
    error naming the folder when it is a file, lies inside a file, or cannot be written."""
    try:
        if os.path.lexists(root) and not root.is_dir():
            raise ShiftboardError("error.data_dir_not_dir", dir=str(root))
        if not create:
            return
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
    except NotADirectoryError:
        raise ShiftboardError("error.data_dir_not_dir", dir=str(root)) from None
    except OSError as error:
        raise ShiftboardError("error.data_dir_unusable", dir=str(root), detail=error.strerror or str(error)) from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise ShiftboardError("error.data_dir_read_only", dir=str(root))


def month_of(iso_date: str) -> str:
    return iso_date[:7]


class Store:
    """Opens the team's data dir (created 0700) and hands out its collections.

    `create=False` (the commands that only read or check) leaves a missing data dir missing:
    it then reads as empty, and nothing is written.
    """

    def __init__(self, root: Path, clock: Clock, create: bool = True) -> None:
        self.root = Path(root)
        self.clock = clock
        #: False for the commands that only read or check: nothing may be written.
        self.writable = create
        open_root(self.root, create)
        self.backups = Backups(self.root / "backups", clock, journal=self._journal)
        self.audit = AuditLog(self.root, clock)
        self.runs = Collection(self.root, "runs", self.backups, self._run_period, Schema(problem=run_problem))
        # how often each reply script was copied (id = script id); counts never go to history
        self.reply_usage = Collection(self.root, "reply_usage", self.backups, lambda record: None)

    # The case and handover collections are built on first use (their panels, the desk,
    # upkeep): the dashboard's first screen reads neither, so start-up need not import the
    # modules their rules live in.

    def has_accounts_file(self) -> bool:
        """Whether the team has an accounts file at all: start-up asks before it loads what
        reads and checks accounts, which a team without any never needs."""
        return (self.root / ACCOUNTS_FILE).exists()

    @functools.cached_property
    def accounts(self) -> Accounts:
        from shiftboard.store.accounts import Accounts

        return Accounts(self.root, self.backups)

    @functools.cached_property
    def handovers(self) -> Collection:
        from shiftboard.domain.handover.model import closed_period

        return Collection(self.root, "handovers", self.backups, lambda h: closed_period(h, self.current_period()),
                          Schema(problem=handover_problem))

    @functools.cached_property
    def drafts(self) -> Drafts:
        """Text typed into dialogs and not saved yet (see store/drafts.py)."""
        from shiftboard.store.drafts import Drafts

        return Drafts(self.root, self.backups)

    @functools.cached_property
    def cases(self) -> ShardedCollection:
        from shiftboard.domain.cases.lookup import PARTIAL_FORM
        from shiftboard.domain.cases.model import case_keys, case_row, case_text
        from shiftboard.domain.reports.facts import VERSION, contribution, delta
        from shiftboard.store.sharded import ShardedCollection
        from shiftboard.store.summaries import DaySummaries

        summaries = DaySummaries(self.root / "history" / "cases-summary", contribution, delta, VERSION)
        cases = ShardedCollection(self.root, "cases", self.backups, self._case_period, case_keys, case_row,
                                  Schema(problem=case_problem), summaries=summaries,
                                  text_of=case_text, partial_form=PARTIAL_FORM, writable=self.writable)
        if self.writable and (not summaries.is_current() or cases.partial.left()) and cases.is_empty():
            summaries.mark_current()  # counted from the first case on: no recount ever needed
            cases.partial.mark_current()  # indexed from the first case on: nothing to catch up
        return cases

    @functools.cached_property
    def kpi(self) -> Collection:
        """What leads entered on the KPI sheets: one record per agent and month, its entries
        append-only (who, when); few and small, so they stay live."""
        return Collection(self.root, "kpi", self.backups, lambda record: None)

    def _journal(self, path: Path, before: dict | None, after: dict) -> None:
        """Every change to a record goes on the audit trail (reply copy counts are not changes)."""
        from shiftboard.domain.team.audit import changes

        collection = path.stem.split("-")[0]  # cases-03, history's runs-2026-10: cases, runs
        if collection in UNAUDITED:
            return
        found = changes(before, after)
        if found:
            self.audit.append(collection=collection, record=after.get("id"), changes=found)

    def current_period(self) -> str:
        return self.clock.now().strftime("%Y-%m")

    def _run_period(self, run: dict) -> str | None:
        """A shift run older than the current month is history."""
        period = month_of(run["date"])
        return period if period < self.current_period() else None

    def _case_period(self, case: dict) -> str | None:
        """A case closed before today is history, in the month it was closed (daily, so the
        live shards hold little more than the open cases even at the end of a month)."""
        closed = case.get("closed_at")
        if not closed or closed[:10] >= self.clock.now().to_date_string():
            return None
        return month_of(closed)

    def collections(self) -> list[Collection | ShardedCollection]:
        return [self.runs, self.reply_usage, self.cases, self.handovers, self.kpi]

    @staticmethod
    def ready_to_write() -> None:
        """Load what every write needs: the lock library, left out of start-up (a start
        that only reads takes no lock). Called by the app's writer thread as it starts, so
        the agent's first write does not pay for it (~17 ms of CPU, ~100 ms on a busy
        server: bench/bench_serve.py)."""
        import filelock  # noqa: F401

    def maintain(self) -> None:
        """Once a period: move closed records to history; always: clear orphan temp files.

        Cheap when there is nothing to do (one small marker file read per collection).
        """
        now = self.clock.now()
        ahead = now.date() > wall_date(self.clock.tz)  # a rehearsal clock: archive nothing
        for collection in self.collections():
            collection.clean_orphans()
            if ahead:
                continue
            period = now.format(collection.ARCHIVE_STAMP)
            marker = self.root / "history" / f".{collection.name}.archived"
            if marker.exists() and marker.read_text(encoding="utf-8").strip() == period:
                continue
            collection.archive()
            atomic_write(marker, period.encode())

    @staticmethod
    def file_stamps(paths: Iterable[Path]) -> tuple:
        """(mtime, size, inode) of each file, None for a missing one: two differ when a file
        changed. Every write replaces the file with a new one, so its inode differs even when
        two writes land within the clock's tick at the same size."""
        stamps = []
        for path in paths:
            try:
                stat = Path(path).stat()
                stamps.append((stat.st_mtime_ns, stat.st_size, stat.st_ino))
            except FileNotFoundError:
                stamps.append(None)
        return tuple(stamps)

    def read_text(self, path: Path) -> str:
        """A team-edited file's text, through the one gate for such files (`teamfiles`)."""
        return read_team_text(path)

    def write_text(self, path: Path, text: str) -> None:
        atomic_write(Path(path), text.encode("utf-8"))

    def write_bytes(self, path: Path, data: bytes) -> None:
        """An export (a spreadsheet), written whole or not at all."""
        atomic_write(Path(path), data)

    def update_config(self, values: dict) -> None:
        """Set keys in config.toml, keeping the team's comments and layout."""
        path = self.config_path
        with file_lock(path.with_name(f".{path.name}.lock")):
            existing = path.read_text(encoding="utf-8") if path.exists() else ""
            self.write_text(path, render_config(existing, values))

    @property
    def config_path(self) -> Path:
        return self.root / "config.toml"

    @property
    def playbook_path(self) -> Path:
        return self.root / "playbook.toml"


def private_umask() -> None:
    """Files we create by other means (locks, exports) are readable by their owner only."""
    os.umask(0o077)
