"""The store keeps a team's records safe: crashes, concurrent writers, damaged and newer files."""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pendulum
import pytest

from shiftboard.clock import FixedClock
from shiftboard.errors import ShiftboardError
from shiftboard.services.shift import ShiftService, load_playbook
from shiftboard.store import Collection, Store
from shiftboard.store.atomic import TEMP_MARK, read_json
from shiftboard.store.backups import Backups
from shiftboard.store.collection import JsonTable
from shiftboard.store.migrations import Schema, migrate
from shiftboard.store.shipped import default_playbook


def _clock(*args: int) -> FixedClock:
    return FixedClock(pendulum.datetime(*(args or (2026, 11, 23, 10, 0)), tz="Asia/Shanghai"))


def _table(root: Path, clock: FixedClock | None = None, **kwargs) -> JsonTable:
    return JsonTable(root / "cases.json", Backups(root / "backups", clock or _clock(), **kwargs))


def _records(path: Path) -> dict[str, dict]:
    """The records of a data file by our id, parsed the strict way (it must be valid JSON)."""
    return {r["id"]: r for r in read_json(path)["records"].values()}


def _temps(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if TEMP_MARK in p.name]


# --- interrupted writes -------------------------------------------------------------------

_DIE_BEFORE_RENAME = """
import os, sys
from pathlib import Path
import pendulum
from shiftboard.clock import FixedClock
from shiftboard.store import Collection, Store
root, month = Path(sys.argv[1]), int(sys.argv[2])
store = Store(root, FixedClock(pendulum.datetime(2026, month, 23, 10, tz="Asia/Shanghai")))
# The temp file is written and fsynced; the process dies before it replaces its target.
os.replace = lambda *args: os._exit(9)
if month == 10:
    store.runs.live.update("2026-10-23/day", lambda run: {**run, "seen": {"new": 1}})
else:
    store.maintain()  # in November: October's runs go to their month file
"""


@pytest.mark.parametrize(("writes", "month", "orphan_in"), [
    (2, 10, "."),  # the data file itself (this hour's backup exists already)
    (1, 10, "backups"),  # the hour's first write: it dies copying the backup
    (2, 11, "history"),  # moving last month to its history file, which does not exist yet
])
def test_a_writer_killed_mid_write_leaves_the_old_content_and_its_temp_file_is_cleaned(
        tmp_path, writes, month, orphan_in):
    store = Store(tmp_path, _clock(2026, 10, 23, 10, 0))  # in the past: upkeep never runs ahead of today
    store.maintain()
    for n in range(writes):
        store.runs.live.update("2026-10-23/day", lambda _, n=n: {"date": "2026-10-23", "seen": {"old": n}})
    before = store.runs.live.path.read_bytes()

    child = subprocess.run([sys.executable, "-c", _DIE_BEFORE_RENAME, str(tmp_path), str(month)], check=False)

    assert child.returncode == 9
    assert store.runs.live.path.read_bytes() == before
    assert store.runs.live.get("2026-10-23/day")["seen"] == {"old": writes - 1}
    orphans = _temps(tmp_path)
    assert [o.parent for o in orphans] == [(tmp_path / orphan_in).resolve()]
    store.maintain()
    assert _temps(tmp_path) == []


_WRITE_FOREVER = """
import sys
from pathlib import Path
import pendulum
from shiftboard.clock import FixedClock
from shiftboard.store.backups import Backups
from shiftboard.store.collection import JsonTable
root = Path(sys.argv[1])
table = JsonTable(root / "cases.json", Backups(root / "backups", FixedClock(pendulum.datetime(2026, 11, 23, tz="UTC"))))
first = table.get("c")["n"]
print("writing", flush=True)
for n in range(first + 1, first + 100_000):
    table.update("c", lambda record, n=n: {**record, "n": n, "pad": "x" * (n % 5000)})
"""


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.07])
def test_kill_9_at_any_moment_leaves_a_whole_file(tmp_path, delay):
    table = _table(tmp_path)
    table.update("c", lambda _: {"n": 0})
    child = subprocess.Popen([sys.executable, "-c", _WRITE_FOREVER, str(tmp_path)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "writing\n"
    time.sleep(delay)  # somewhere inside one of its writes
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()

    assert _records(table.path)["c"]["n"] >= 0  # parses: the old file or the new one, never a mix
    table.clean_orphans()
    assert _temps(tmp_path) == []


def test_a_change_that_fails_writes_nothing(tmp_path):
    table = _table(tmp_path)
    table.update("c", lambda _: {"n": 1})
    before = table.path.read_bytes()

    def broken(record):
        record["n"] = 2
        raise ValueError("the service found a problem halfway")

    with pytest.raises(ValueError):
        table.update("c", broken)
    assert table.path.read_bytes() == before
    assert _temps(tmp_path) == []


# --- concurrent writers --------------------------------------------------------------------

def _writer(root: str, writer: int, count: int, start) -> None:
    """Half the updates append to one shared record, half create this writer's own records."""
    table = _table(Path(root))
    start.wait()
    for n in range(count):
        entry = f"{writer}-{n}"
        table.update("shared", lambda record, e=entry: {"log": [*(record or {}).get("log", []), e]})
        table.update(f"own-{entry}", lambda _record, w=writer, n=n: {"writer": w, "n": n})


def test_concurrent_writers_lose_nothing(tmp_path):
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    writers = [context.Process(target=_writer, args=(str(tmp_path), w, 50, start)) for w in range(4)]
    for process in writers:
        process.start()
    start.set()
    for process in writers:
        process.join(60)
        assert process.exitcode == 0

    raw = read_json(tmp_path / "cases.json")  # valid JSON, or this raises
    ids = [record["id"] for record in raw["records"].values()]
    assert len(ids) == len(set(ids)) == 1 + 4 * 50
    expected = {f"{w}-{n}" for w in range(4) for n in range(50)}
    log = _records(tmp_path / "cases.json")["shared"]["log"]
    assert len(log) == len(expected) and set(log) == expected
    assert {i for i in ids if i != "shared"} == {f"own-{e}" for e in expected}


# --- damaged files -------------------------------------------------------------------------

@pytest.mark.parametrize(("damage", "line"), [
    (b'{"records": {"1": {"id": "c",\n"n": 1}\n', 3),  # cut short
    (b'{"records": {}}\n\xff\xfe', 2),  # not UTF-8
    (b'[1, 2, 3]', 1),  # not an object
    (b'{"records": {}, "_meta": {"1": {"schema": "two"}}}', 1),  # hand-edited version
])
def test_a_damaged_file_is_set_aside_untouched_and_the_newest_good_backup_named(tmp_path, damage, line):
    clock = _clock()
    table = _table(tmp_path, clock)
    table.update("c", lambda _: {"n": 1})
    clock.advance(hours=1)
    table.update("c", lambda _: {"n": 2})  # first write of this hour keeps a backup of n=1
    good_backup = table.backups.newest(table.path)
    table.path.write_bytes(damage)

    with pytest.raises(ShiftboardError) as raised:
        table.update("c", lambda _: {"n": 3})

    error = raised.value
    assert error.key == "error.corrupt_file"
    assert error.params["file"] == str(table.path) and error.params["line"] == line
    assert error.params["backup"] == str(good_backup)
    assert _records(good_backup)["c"]["n"] == 1
    assert Path(error.params["moved"]).read_bytes() == damage  # set aside, byte for byte
    assert not table.path.exists()
    assert table.backups.all(table.path) == [good_backup]  # no backup of the damaged file


def test_a_reader_that_meets_a_damaged_file_sets_it_aside_too(tmp_path):
    table = _table(tmp_path)
    table.path.write_text('{"records": ', encoding="utf-8")

    with pytest.raises(ShiftboardError) as raised:
        table.get("c")

    assert raised.value.key == "error.corrupt_file" and raised.value.params["backup"] == "-"
    assert Path(raised.value.params["moved"]).read_text(encoding="utf-8") == '{"records": '
    assert table.get("c") is None  # an empty start; the damaged file waits to be restored


def test_a_file_from_a_newer_shiftboard_is_refused_untouched(tmp_path):
    table = _table(tmp_path)
    table.path.write_text('{"records": {"1": {"id": "c", "n": 1}}, "_meta": {"1": {"schema": 99}}}',
                          encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    content = table.path.read_bytes()

    for attempt in (lambda: table.update("c", lambda r: {**r, "n": 2}), lambda: table.get("c"), table.read):
        with pytest.raises(ShiftboardError) as raised:
            attempt()
        assert raised.value.key == "error.newer_schema"
        assert raised.value.params == {"file": str(table.path), "found": 99}
    assert table.path.read_bytes() == content
    assert sorted(p for p in tmp_path.rglob("*") if not p.name.endswith(".lock")) == before


# --- backups, permissions ------------------------------------------------------------------

def test_backups_are_taken_once_an_hour_and_rotate(tmp_path):
    clock = _clock()
    table = _table(tmp_path, clock, limit=3)
    table.update("c", lambda _: {"n": 0})
    assert table.backups.all(table.path) == []  # a new file: nothing to keep yet
    for hour in range(1, 6):
        table.update("c", lambda _, n=hour: {"n": n})  # the hour's first write keeps the file before it
        table.update("c", lambda _, n=hour: {"n": n + 100})  # later writes that hour do not
        clock.advance(hours=1)

    kept = table.backups.all(table.path)
    assert [_records(b)["c"]["n"] for b in kept] == [104, 103, 102]  # newest first, three kept
    assert table.backups.newest(table.path) == kept[0]
    assert kept[0].name == "cases.20261123T06.json"  # hour of the write, UTC


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_private_to_their_owner(tmp_path):
    old_umask = os.umask(0o022)  # a typical login umask would leave new files world-readable
    try:
        clock = _clock(2026, 10, 20, 10, 0)
        store = Store(tmp_path / "data", clock)
        store.runs.live.update("2026-10-20/day", lambda _: {"date": "2026-10-20"})
        clock.advance(months=1, hours=1)
        store.runs.live.update("2026-11-20/day", lambda _: {"date": "2026-11-20"})
        store.maintain()
    finally:
        os.umask(old_umask)

    root = tmp_path / "data"
    files = [p for p in root.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"runs.json", ".runs.json.lock", "runs-2026-10.json",
                                       ".runs.archived", "runs.20261120T03.json"}
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert {_mode(d) for d in (root, root / "history", root / "backups")} == {0o700}


# --- history -------------------------------------------------------------------------------

def test_closed_runs_move_to_a_month_file_and_are_still_found(tmp_path):
    clock = _clock(2026, 10, 15, 10, 0)
    store = Store(tmp_path, clock)
    service = ShiftService(store, load_playbook(default_playbook("en"), store), clock, "Li")
    service.tick(*service.locate("2026-10-15", "day"), "orders.process")
    clock.advance(months=1)

    store.maintain()

    assert "2026-10-15/day" in _records(tmp_path / "history" / "runs-2026-10.json")
    assert _records(tmp_path / "runs.json") == {}
    day, shift = service.locate("2026-10-15", "day")
    assert service.view(day, shift).item("orders.process").mark.by == "Li"
    service.tick(day, shift, "orders.reception")  # a late correction goes to the month file
    assert set(_records(tmp_path / "history" / "runs-2026-10.json")["2026-10-15/day"]["items"]) == {
        "orders.process", "orders.reception"}
    assert _records(tmp_path / "runs.json") == {}


@dataclass
class _CountingBackups(Backups):
    """Every write of an existing file asks for its backup first: a way to count writes."""

    writes: Counter = field(default_factory=Counter)

    def save(self, path: Path) -> None:
        self.writes[path.name] += 1
        super().save(path)


def test_archiving_writes_a_month_file_twice_at_most_and_a_rerun_duplicates_nothing(tmp_path):
    backups = _CountingBackups(tmp_path / "backups", _clock())
    cases = Collection(tmp_path, "cases", backups, lambda case: case.get("closed"))
    with cases.live.transaction() as live:
        live.insert_multiple([{"id": f"c{n}", "closed": "2026-10" if n < 300 else None, "v": "new"}
                              for n in range(320)])
    # a crash after c0 reached history but before it left the live file
    cases.history("2026-10").update("c0", lambda _: {"closed": "2026-10", "v": "old"})

    assert cases.archive() == 300

    month = _records(tmp_path / "history" / "cases-2026-10.json")
    assert len(read_json(tmp_path / "history" / "cases-2026-10.json")["records"]) == len(month) == 300
    assert {case["v"] for case in month.values()} == {"new"}
    assert sorted(_records(cases.live.path)) == sorted(f"c{n}" for n in range(300, 320))
    assert backups.writes["cases-2026-10.json"] <= 2  # not two per record


# --- records and schema --------------------------------------------------------------------

def test_an_update_stores_the_record_it_returns_whole(tmp_path):
    table = _table(tmp_path)
    table.update("c", lambda _: {"status": "open", "assignee": "Li"})
    table.update("c", lambda record: {k: v for k, v in record.items() if k != "assignee"})
    assert table.get("c") == {"id": "c", "status": "open"}


def _split_phone(raw: dict) -> dict:
    """Schema 1 → 2 of a test collection: the buyer's phone moves into a contact table."""
    for record in raw.get("records", {}).values():
        record["contact"] = {"phone": record.pop("phone")}
    return raw


def test_an_old_file_is_migrated_on_read_and_stored_new_on_the_next_write(tmp_path):
    old = _table(tmp_path)
    old.update("c", lambda _: {"phone": "13812345678"})
    new = JsonTable(old.path, old.backups, Schema(current=2, steps={1: _split_phone}))

    assert new.get("c") == {"id": "c", "contact": {"phone": "13812345678"}}
    assert read_json(old.path)["_meta"]["1"]["schema"] == 1  # reading changes nothing on disk

    new.update("c", lambda record: {**record, "status": "closed"})
    on_disk = read_json(old.path)
    assert on_disk["_meta"]["1"]["schema"] == 2
    assert _records(old.path)["c"] == {"id": "c", "contact": {"phone": "13812345678"}, "status": "closed"}
    assert _records(old.backups.newest(old.path))["c"] == {"id": "c", "phone": "13812345678"}
    with pytest.raises(ShiftboardError, match="newer_schema"):
        old.get("c")


def test_migrate_runs_every_step_in_order():
    steps = {1: lambda raw: {**raw, "seen": [*raw["seen"], 1]}, 2: lambda raw: {**raw, "seen": [*raw["seen"], 2]}}
    migrated = migrate({"seen": []}, 1, steps, target=3)
    assert migrated == {"seen": [1, 2], "_meta": {"1": {"schema": 3}}}
    assert migrate({"seen": []}, 2, steps, target=3)["seen"] == [2]
