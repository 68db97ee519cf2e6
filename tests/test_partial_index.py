"""A data dir made before the partial-search index existed (or when it held name pieces as
keys): the first partial search builds it — under a lock, folder by folder, taken up again
after a kill — and a store opened read-only finds the same cases without writing."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from shiftboard.clock import FixedClock
from shiftboard.domain.cases.model import CaseKind
from shiftboard.services.cases import CaseService
from shiftboard.store import Store
from tests.conftest import at

ORDER = {"store": "旗舰店", "item": "T恤", "quantity": "1", "problem": "尺码"}


def index_folder(root):
    return root / "history" / "cases-index"


def make_old(root) -> dict:
    """Cases archived in October and September and one open, then the partial index taken
    away as a data dir of the previous version has it: no stamp, no texts, no side shards, and
    the side folders of the version before (number tails, name pieces)."""
    ids = {}
    for month, buyer, order in (("2026-09-10", "王小明", "2026091000123456"), ("2026-10-20", "tb_wangxm2019",
                                                                              "2026102000654321")):
        clock = FixedClock(at(f"{month} 09:00"))
        desk = CaseService(Store(root, clock), clock, "Zhao")
        case = desk.add(CaseKind.AFTER_SALES, {**ORDER, "order_no": order, "buyer": buyer,
                                               "buyer_phone": "138 1234 5678"})
        desk.move(case["id"], "close", case["version"])
        ids[buyer] = case["id"]
    clock = FixedClock(at("2026-11-23 08:45"))
    desk = CaseService(Store(root, clock), clock, "Li")
    ids["live"] = desk.add(CaseKind.AFTER_SALES, {**ORDER, "order_no": "2026112300777777", "buyer": "李小红"})["id"]
    Store(root, clock).maintain()  # September and October are archived now
    folder = index_folder(root)
    (folder / "partial.json").unlink()
    for part in ("live", "2026-09", "2026-10"):
        (folder / part / "names.txt").unlink()
        for side in ("partial", "names"):
            (folder / part / side).mkdir()
            (folder / part / side / "k-000.json").write_text('{"keys": {}}', encoding="utf-8")
    return ids


@pytest.fixture
def old(tmp_path):
    root = tmp_path / "data"
    return root, make_old(root)


def desk_of(root, writable: bool = True) -> CaseService:
    clock = FixedClock(at("2026-11-23 09:00"))
    return CaseService(Store(root, clock, create=writable), clock, "Li")


def found(desk, text: str) -> set[str]:
    return {row["id"] for row in desk.search(text, partial=True)}


def stamp(root) -> dict:
    return json.loads((index_folder(root) / "partial.json").read_text(encoding="utf-8"))


def test_the_first_partial_search_builds_the_index_then_finds_across_history(old):
    root, ids = old
    desk = desk_of(root)
    assert desk.partial_index_left() == 3  # open cases, September, October
    assert found(desk, "小明") == {ids["王小明"]}  # part of a name, archived in September
    assert found(desk, "wangxm") == {ids["tb_wangxm2019"]}
    assert found(desk, "654321") == {ids["tb_wangxm2019"]}  # an order's last 6, October
    assert found(desk, "5678") == {ids["王小明"], ids["tb_wangxm2019"]}  # the phone's last 4
    assert found(desk, "小红") == {ids["live"]}
    assert stamp(root)["left"] == [] and desk.partial_index_left() == 0
    folder = index_folder(root)
    assert all((folder / part / "names.txt").exists() for part in ("live", "2026-09", "2026-10"))
    assert not any((folder / part / side).exists() for part in ("live", "2026-09", "2026-10")
                   for side in ("partial", "names"))  # the old form is gone


def test_a_catch_up_killed_mid_way_is_taken_up_at_the_folder_left(old):
    root, ids = old
    desk = desk_of(root)
    desk.build_partial_index()
    folder = index_folder(root)
    (folder / "2026-09" / "names.txt").unlink()  # killed before September was struck off
    (folder / "partial.json").write_text(json.dumps({"form": stamp(root)["form"], "left": ["2026-09"]}))
    (folder / "2026-10" / ".names.txt.tmp-1-dead").write_bytes(b"half a file")
    october = (folder / "2026-10" / "names.txt").stat().st_mtime_ns
    seen = []
    assert desk.build_partial_index(lambda done, total, part: seen.append((done, total, part))) == 1
    assert seen == [(1, 1, "2026-09")]
    assert found(desk, "小明") == {ids["王小明"]}
    assert (folder / "2026-10" / "names.txt").stat().st_mtime_ns == october  # not built again
    assert Store(root, FixedClock(at("2026-11-23 09:00"))).cases.clean_orphans() >= 1
    assert not (folder / "2026-10" / ".names.txt.tmp-1-dead").exists()


def test_two_processes_catching_up_at_once_build_it_once(old):
    root, _ = old
    built = []
    threads = [threading.Thread(target=lambda: built.append(desk_of(root).build_partial_index())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(built) == [0, 3]  # the second waited for the lock and found nothing left


def test_a_read_only_store_finds_the_same_cases_and_writes_nothing(old):
    root, ids = old
    before = sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file())
    desk = desk_of(root, writable=False)
    assert desk.partial_index_left() == 0  # nothing it would build
    assert found(desk, "小明") == {ids["王小明"]}
    assert found(desk, "654321") == {ids["tb_wangxm2019"]}
    assert found(desk, "小红") == {ids["live"]}
    assert sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()) == before


def test_a_new_data_dir_has_nothing_to_catch_up(tmp_path):
    desk = desk_of(tmp_path / "fresh")
    desk.add(CaseKind.AFTER_SALES, {**ORDER, "order_no": "2026112300777777", "buyer": "李小红"})
    assert desk.partial_index_left() == 0
    assert found(desk, "小红")


def cli(root, *args):
    return subprocess.run([sys.executable, "-m", "shiftboard", *args, "--data-dir", str(root), "--lang", "en",
                           "--agent", "Li", "--now", "2026-11-23 09:00"], capture_output=True, text=True, timeout=60)


def test_cases_search_says_it_builds_the_index_once(old):
    root, _ = old
    first = cli(root, "cases", "search", "小明")
    assert first.returncode == 0, first.stderr
    assert "Building the partial-search index of 3 part(s)" in first.stderr and "3/3" in first.stderr
    assert "2026091000123456" in first.stdout
    again = cli(root, "cases", "search", "小明")
    assert again.returncode == 0 and "Building" not in again.stderr and "2026091000123456" in again.stdout


async def test_the_desk_search_on_an_old_data_dir_says_it_builds_the_index_and_finds(old):
    from shiftboard.config import Settings
    from shiftboard.tui.app import create_app
    from shiftboard.tui.desk.screen import CaseDesk
    from tests.conftest import TZ
    from tests.test_desk_tui import table_rows
    from tests.waiting import until

    root, _ = old
    clock = FixedClock(at("2026-11-23 09:00"))
    app = create_app(Settings(data_dir=root, agent="Li", lang="en", timezone=TZ), clock, Store(root, clock))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen.query("#block-head"), what="the dashboard")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CaseDesk), what="the desk")
        await pilot.press("slash", *"wangxm", "enter")
        await until(pilot, lambda: any("2026102000654321" in " ".join(row) for row in table_rows(app)),
                    what="the October case found by part of its buyer's name")
        said = [str(n.message) for n in app._notifications]
        assert any("Building the partial-search index of 3 part(s)" in m for m in said)
        assert any("Partial-search index ready" in m for m in said)
