"""Partial search across live and archived cases: last 6+ digits, part of a name, phone's last 4."""

from __future__ import annotations

import pytest

from shiftboard.clock import FixedClock
from shiftboard.domain.cases.model import CaseKind
from shiftboard.services.cases import CaseService
from shiftboard.store import Store
from tests.conftest import at


@pytest.fixture
def desk(store, clock):
    return CaseService(store, clock, "Li")


def add(desk, **fields):
    values = {"store": "旗舰店", "order_no": "2026112300123456", "item": "T恤", "quantity": "1", "problem": "尺码",
              **fields}
    return desk.add(CaseKind.AFTER_SALES, values)


def ids(rows):
    return sorted(row["id"] for row in rows)


def test_partial_lookups_live_and_across_history(desk, store, tmp_path):
    first = add(desk, buyer="王小明", buyer_phone="138 1234 5678", return_tracking_no="SF1234567890")
    second = add(desk, order_no="2026112300999999", buyer="tb_wangxm2019", buyer_phone="13900005678")
    desk.move(first["id"], "close", None)
    later = Store(store.root, FixedClock(at("2026-11-24 09:00")))
    later.maintain()  # the first is archived now
    assert later.cases.locate(first["id"])[1] == "2026-11"
    desk = CaseService(later, later.clock, "Li")
    assert ids(desk.search("123456", partial=True)) == [first["id"]]  # the order's last 6
    assert ids(desk.search("00123456", partial=True)) == [first["id"]]  # or more
    assert ids(desk.search("4567890", partial=True)) == [first["id"]]  # the return tracking no.
    assert ids(desk.search("5678", partial=True)) == ids([first, second])  # the phone's last 4
    assert ids(desk.search("小明", partial=True)) == [first["id"]]
    assert ids(desk.search("WANGxm", partial=True)) == [second["id"]]  # any case, full width too
    assert ids(desk.search("ｗａｎｇｘｍ", partial=True)) == [second["id"]]
    assert desk.search("23456", partial=True) == [] and desk.search("小红", partial=True) == []
    assert desk.search("123456") == []  # without partial: exact only


def test_an_exact_match_comes_first(desk):
    exact = add(desk, order_no="20261123555555")
    ending = add(desk, order_no="99920261123555555")
    assert [row["id"] for row in desk.search("20261123555555", partial=True)] == [exact["id"], ending["id"]]


def test_an_old_exact_match_is_not_lost_behind_a_page_of_partial_ones(desk):
    old = add(desk, buyer="小明")
    for n in range(4):
        add(desk, buyer=f"王小明{n}", order_no=f"20261123000{n}0000")
    found = desk.search("小明", limit=3, partial=True)
    assert found[0]["id"] == old["id"] and len(found) == 3
