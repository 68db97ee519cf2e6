"""`shiftboard restore`: list the backups, put one back atomically, keep what it replaces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pendulum
import pytest

from shiftboard.clock import FixedClock
from shiftboard.errors import ShiftboardError
from shiftboard.store import Store
from shiftboard.store.atomic import read_json
from shiftboard.store.restore import find_backup, restore

RUN = "2026-11-23/day"


def _shiftboard(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shiftboard", *args, "--data-dir", str(root), "--lang", "en",
                           "--now", "2026-11-23 20:00"], capture_output=True, text=True, check=False)


def _items(path: Path) -> dict:
    return next(r for r in read_json(path)["records"].values() if r["id"] == RUN)["seen"]


@pytest.fixture
def three_hours(tmp_path) -> Store:
    """A run ticked at 09:10, 10:10, 11:10 and 12:10 (Shanghai): three hourly backups."""
    (tmp_path / "config.toml").write_text('timezone = "Asia/Shanghai"\n', encoding="utf-8")
    clock = FixedClock(pendulum.datetime(2026, 11, 23, 9, 10, tz="Asia/Shanghai"))
    store = Store(tmp_path, clock)
    store.maintain()
    for n in range(4):
        store.runs.live.update(RUN, lambda run, n=n: {"date": "2026-11-23", "shift": "day",
                                                      "seen": {**(run or {}).get("seen", {}), f"i{n}": n}})
        clock.advance(hours=1)
    return store


def test_list_shows_each_files_backups_newest_first(three_hours):
    listed = _shiftboard(three_hours.root, "restore", "--list")

    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == str(three_hours.root / "runs.json")
    assert [line.split()[0] for line in lines[1:4]] == [
        "runs.20261123T04.json", "runs.20261123T03.json", "runs.20261123T02.json"]
    assert "taken 2026-11-23 12:00" in lines[1]  # the hour, in the team's time zone
    assert lines[4].startswith("put one back with")


def test_restore_puts_a_backup_back_and_keeps_the_file_it_replaced(three_hours):
    live = three_hours.root / "runs.json"
    before = live.read_bytes()

    done = _shiftboard(three_hours.root, "restore", "runs.20261123T03.json")

    assert done.returncode == 0, done.stderr
    assert _items(live) == {"i0": 0, "i1": 1}  # as it was before the first change of 11:xx
    aside = next(three_hours.root.glob("runs.json.before-restore-*"))
    assert aside.read_bytes() == before
    assert str(aside) in done.stdout
    assert [p.name for p in three_hours.root.rglob("*") if ".tmp-" in p.name] == []


def test_restore_works_after_a_damaged_file_was_met_at_start(three_hours):
    live = three_hours.root / "runs.json"
    live.write_text('{"records": {', encoding="utf-8")
    (three_hours.root / "history" / ".runs.archived").unlink()  # the month's first command reads it

    listed = _shiftboard(three_hours.root, "restore")

    assert listed.returncode == 0
    assert "runs.json is damaged at line 1" in listed.stderr and "Traceback" not in listed.stderr
    assert "runs.20261123T04.json" in listed.stdout
    damaged = next(three_hours.root.glob("runs.json.corrupt-*"))
    assert _shiftboard(three_hours.root, "restore", "runs.20261123T04.json").returncode == 0
    assert _items(live) == {"i0": 0, "i1": 1, "i2": 2}
    assert damaged.read_text(encoding="utf-8") == '{"records": {'  # still there, untouched


def test_restore_refuses_what_is_not_a_good_backup(three_hours):
    live = three_hours.root / "runs.json"
    before = live.read_bytes()
    (three_hours.root / "backups" / "runs.20261123T01.json").write_text("{", encoding="utf-8")

    unknown = _shiftboard(three_hours.root, "restore", "runs.json")
    damaged = _shiftboard(three_hours.root, "restore", "runs.20261123T01.json")

    assert (unknown.returncode, damaged.returncode) == (2, 2)
    assert '"runs.json" is not a backup' in unknown.stderr
    assert "is damaged too (line 1" in damaged.stderr
    assert "Traceback" not in unknown.stderr + damaged.stderr
    assert live.read_bytes() == before
    assert list(three_hours.root.glob("runs.json.*")) == []


def test_restoring_twice_keeps_both_replaced_files(three_hours):
    backup = find_backup(three_hours, "runs.20261123T02.json")
    first = restore(three_hours, backup)
    second = restore(three_hours, find_backup(three_hours, str(backup)))  # by path works too

    assert first.aside != second.aside and first.aside.exists() and second.aside.exists()
    assert first.target == second.target == three_hours.root / "runs.json"


def test_a_history_files_backup_goes_back_to_history(three_hours):
    month = three_hours.root / "history" / "runs-2026-10.json"
    table = three_hours.runs.history("2026-10")
    table.update("2026-10-01/day", lambda _: {"date": "2026-10-01", "seen": {}})
    table.update("2026-10-01/day", lambda run: {**run, "seen": {"late": 1}})
    backup, = three_hours.backups.all(month)

    assert backup.name == "history-runs-2026-10.20261123T05.json"
    assert three_hours.backups.catalogue()[month] == [backup]
    assert restore(three_hours, backup).target == month
    assert table.get("2026-10-01/day")["seen"] == {}
    with pytest.raises(ShiftboardError, match="not_a_backup"):
        find_backup(three_hours, str(month))
