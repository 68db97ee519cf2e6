"""The sharded case collection: live shards, monthly history, the key index that finds a case
in any month by reading little, and what a crash between its files leaves behind."""

from __future__ import annotations

import json

import pytest

from shiftboard.clock import FixedClock
from shiftboard.domain.cases.model import case_text, case_keys, search_key
from shiftboard.errors import ShiftboardError
from shiftboard.store import Store
from shiftboard.store.keyindex import KeyIndex
from shiftboard.store.liveshards import LIVE_SHARDS
from shiftboard.store.sharded import id_key
from tests.conftest import at


def record(n: int, order: str, closed: str | None = None, **extra) -> dict:
    return {"id": f"C{n:04d}", "kind": "after_sales", "status": "closed" if closed else "awaiting_seller",
            "store": "旗舰店", "order_no": order, "buyer": f"buyer{n}", "created_at": "2026-09-01T10:00:00+08:00",
            "closed_at": closed, "version": 1, "timeline": [], **extra}


@pytest.fixture
def clock():
    return FixedClock(at("2026-11-23 09:00"))


def put(store: Store, case: dict) -> dict:
    return store.cases.update(case["id"], lambda _: case)


def test_live_records_spread_over_shards_and_a_change_rewrites_one(store):
    for n in range(64):
        put(store, record(n, f"2026112300{n:03d}"))
    files = [p for p in store.cases.live.paths if p.exists()]
    assert 8 < len(files) <= LIVE_SHARDS
    assert sum(len(json.loads(p.read_text())["records"]) for p in files) == 64
    target = store.cases.live.table("C0007").path
    before = {p: p.stat().st_mtime_ns for p in files}
    store.cases.update("C0007", lambda case: {**case, "status": "to_finance"})
    assert [p for p in files if p.stat().st_mtime_ns != before[p]] == [target]


def test_archive_moves_cases_closed_before_today_into_their_month(store, clock):
    put(store, record(1, "2026100100001", closed="2026-10-05T12:00:00+08:00"))
    put(store, record(2, "2026100100002", closed="2026-11-22T18:00:00+08:00"))
    put(store, record(3, "2026100100003", closed="2026-11-23T08:00:00+08:00"))  # today: stays live
    put(store, record(4, "2026100100004"))
    assert store.cases.archive() == 2
    assert sorted(c["id"] for c in store.cases.live.read()) == ["C0003", "C0004"]
    assert store.cases.periods() == ["2026-11", "2026-10"]
    assert store.cases.locate("C0001") == (store.cases.history("2026-10", "C0001").get("C0001"), "2026-10")
    assert store.cases.locate("C0001")[0]["order_no"] == "2026100100001"
    assert store.cases.locate("nope") is None


def test_find_reads_live_first_then_months_newest_first(store):
    for n, closed in enumerate(["2026-09-03T10:00:00+08:00", "2026-10-03T10:00:00+08:00", None]):
        put(store, record(n, "2026090100001", closed=closed, buyer="Wang Fang"))
    store.cases.archive()
    found = store.cases.find(search_key("2026090100001"), limit=10)
    assert [(r["id"], r["period"]) for r in found] == [("C0002", None), ("C0001", "2026-10"), ("C0000", "2026-09")]
    assert [r["id"] for r in store.cases.find(search_key("  wang   FANG "), limit=2)] == ["C0002", "C0001"]
    assert store.cases.find(search_key("2026090100009"), limit=10) == []


def test_a_look_up_reads_one_small_index_shard_per_month(store):
    """The point of the index: no record file is opened to answer a search."""
    put(store, record(1, "2026100100001", closed="2026-10-05T12:00:00+08:00"))
    store.cases.archive()
    for table in store.cases.history_tables("2026-10"):
        table.path.write_text("broken", encoding="utf-8")  # reading it would raise
    assert [r["id"] for r in store.cases.find(search_key("2026100100001"), 5)] == ["C0001"]


def test_changing_a_key_moves_the_case_to_its_new_key(store):
    put(store, record(1, "2026100100001"))
    store.cases.update("C0001", lambda case: {**case, "order_no": "2026100100099"})
    assert store.cases.find(search_key("2026100100001"), 5) == []
    assert [r["id"] for r in store.cases.find(search_key("2026100100099"), 5)] == ["C0001"]

    def in_place(case: dict) -> dict:  # services change the record they are handed
        case["tracking_no"] = "YT0000001"
        return case

    store.cases.update("C0001", in_place)
    assert [r["id"] for r in store.cases.find(search_key("yt0000001"), 5)] == ["C0001"]


def test_rows_left_by_a_crash_are_ignored_and_reindex_cleans_them(store):
    index = store.cases.live_index
    index.change(added={search_key("2026100100001"): [{"id": "GHOST"}]})  # record never written
    put(store, record(1, "2026100100002"))
    index.change(removed={search_key("2026100100002"): ["C0001"]})  # row lost: only reindex finds it
    assert store.cases.find(search_key("2026100100001"), 5) == []
    assert store.cases.find(search_key("2026100100002"), 5) == []
    assert store.cases.reindex() == 1
    assert [r["id"] for r in store.cases.find(search_key("2026100100002"), 5)] == ["C0001"]
    assert index.lookup(search_key("2026100100001")) == []


def test_a_crash_between_history_and_live_leaves_the_case_found_once(store):
    closed = record(1, "2026100100001", closed="2026-10-05T12:00:00+08:00")
    put(store, closed)
    store.cases._write_history([closed])  # what archive() writes first; live not yet cleared
    assert [(r["id"], r["period"]) for r in store.cases.find(search_key("2026100100001"), 5)] == [("C0001", None)]
    assert store.cases.archive() == 1
    assert [(r["id"], r["period"]) for r in store.cases.find(search_key("2026100100001"), 5)] == [("C0001", "2026-10")]


REVEALED = {"at": "2026-11-23T09:00:00+08:00", "by": "Li", "what": "revealed"}


def test_an_archived_case_takes_an_appended_entry_in_its_month(store):
    put(store, record(1, "2026100100001", closed="2026-10-05T12:00:00+08:00"))
    store.cases.archive()
    store.cases.update("C0001", lambda case: {**case, "timeline": [REVEALED]}, period="2026-10")
    assert store.cases.locate("C0001")[0]["timeline"] == [REVEALED]
    assert store.cases.live.read() == []


def test_a_bulk_load_puts_live_and_closed_records_where_they_belong(store):
    records = [record(n, f"20261001{n:05d}", closed="2026-10-05T12:00:00+08:00" if n % 2 else None)
               for n in range(40)]
    assert store.cases.load(records) == 40
    assert len(store.cases.live.read()) == 20 and store.cases.periods() == ["2026-10"]
    assert [r["period"] for r in store.cases.find(search_key("2026100100007"), 5)] == ["2026-10"]
    assert [r["period"] for r in store.cases.find(search_key("2026100100008"), 5)] == [None]


def test_maintain_archives_once_a_day(tmp_path):
    clock = FixedClock(at("2026-11-23 09:00"))
    store = Store(tmp_path, clock)
    put(store, record(1, "2026100100001", closed="2026-11-23T08:00:00+08:00"))
    store.maintain()
    assert len(store.cases.live.read()) == 1
    clock.at = at("2026-11-24 08:30")
    store.maintain()
    assert store.cases.live.read() == [] and store.cases.periods() == ["2026-11"]


def test_index_keys_and_a_damaged_shard(tmp_path):
    index = KeyIndex(tmp_path / "idx", 4)
    index.change(added={"a": [{"id": "1"}], "b": [{"id": "2"}]})
    index.change(added={"a": [{"id": "1", "x": 2}, {"id": "3"}]}, removed={"b": ["2"]})
    assert index.lookup("a") == [{"id": "1", "x": 2}, {"id": "3"}] and index.lookup("b") == []
    next(p for p in (tmp_path / "idx").glob("k-*.json")).write_text("{", encoding="utf-8")
    with pytest.raises(ShiftboardError) as caught:
        for key in "abcdefgh":
            index.lookup(key)
    assert caught.value.key == "error.index_damaged"


def test_case_keys_cover_the_searchable_fields_and_register_days():
    case = {"kind": "return", "order_no": "2026112300001", "return_tracking_no": "ＳＦ123456",
            "buyer": "Li Lei", "created_at": "2026-11-23T09:00:00+08:00"}
    assert case_keys(case) == {"2026112300001", "sf123456", "li lei", "@returns:2026-11-23"}
    # found in part through the text index: the name, each number's end, the phone's last 4
    assert case_text(case) == "li lei\x1f2026112300001\x1fsf123456\x1f\x1e\x1f"
    assert id_key("X") == "#X"


def test_orphan_temp_files_of_shards_history_and_index_are_cleared(store):
    put(store, record(1, "2026100100001", closed="2026-10-05T12:00:00+08:00"))
    store.cases.archive()
    history = store.root / "history"
    backups = store.backups.folder
    backups.mkdir(exist_ok=True)
    orphans = [store.root / ".cases-03.json.tmp-1-ab", history / ".cases-2026-09-04.json.tmp-1-cd",
               store.cases.live_index.folder / ".k-001.json.tmp-1-ef",
               backups / ".cases-05.20261123T01.json.tmp-1-aa",
               backups / ".history-cases-2026-10-02.20261123T01.json.tmp-1-bb"]
    for orphan in orphans:
        orphan.write_text("x", encoding="utf-8")
    kept = store.root / "cases-03.json.notes"  # not a temp file: left alone
    kept.write_text("x", encoding="utf-8")
    assert store.cases.clean_orphans() == 5
    assert kept.exists()
    assert not any(orphan.exists() for orphan in orphans)
