"""Cases through the service: input rules, refund moves, stale edits, search across history."""

from __future__ import annotations

import pytest

from shiftboard.clock import FixedClock
from shiftboard.domain.cases import CaseKind, mask_address, mask_phone
from shiftboard.domain.refund import RefundMove
from shiftboard.errors import ShiftboardError
from shiftboard.services_cases import CaseInputError, CaseService
from shiftboard.store import Store
from tests.conftest import at

ORDER = {"store": "旗舰店", "order_no": "2026112300123", "item": "T恤 白 L", "quantity": "1",
         "amount": "59.9", "problem": "尺码不合适", "buyer": "张女士", "seven_day": "yes"}


@pytest.fixture
def desk(store, clock):
    return CaseService(store, clock, "Li")


def test_bad_input_names_every_bad_field(desk):
    with pytest.raises(CaseInputError) as caught:
        desk.add(CaseKind.AFTER_SALES, {**ORDER, "order_no": "12-34", "quantity": "0", "amount": "5.999"})
    assert caught.value.errors == {"order_no": "case.field.digits", "quantity": "case.field.quantity",
                                   "amount": "case.field.amount"}


def test_a_new_after_sales_case_waits_for_the_seller(desk, clock):
    case = desk.add(CaseKind.AFTER_SALES, ORDER)
    assert (case["status"], case["amount"], case["quantity"], case["version"]) == ("awaiting_seller", "59.90", 1, 1)
    assert case["timeline"] == [{"at": clock.now().isoformat(), "by": "Li", "what": "created"}]
    assert desk.get(case["id"])["order_no"] == "2026112300123"


def test_moves_follow_the_refund_flow_and_the_seven_day_rule(desk):
    case = desk.add(CaseKind.AFTER_SALES, ORDER)
    with pytest.raises(ShiftboardError) as caught:
        desk.move(case["id"], RefundMove.REJECT, case["version"])
    assert caught.value.key == "refund.seven_day_agree_first"
    case = desk.move(case["id"], RefundMove.AGREE, case["version"])
    case = desk.move(case["id"], RefundMove.BUYER_SHIPS, case["version"], tracking_no="SF1234567890")
    assert (case["status"], case["return_tracking_no"], case["version"]) == ("returned", "SF1234567890", 3)
    assert [e["what"] for e in case["timeline"]] == ["created", "moved", "moved"]


def test_a_stale_save_is_refused_with_who_and_when(desk, store, clock):
    case = desk.add(CaseKind.AFTER_SALES, ORDER)
    other = CaseService(store, FixedClock(at("2026-11-23 10:42")), "Wang")
    other.note(case["id"], "buyer called again", case["version"])
    with pytest.raises(ShiftboardError) as caught:
        desk.move(case["id"], RefundMove.AGREE, case["version"])
    assert (caught.value.key, caught.value.params) == ("case.stale", {"by": "Wang", "at": "10:42"})
    assert desk.get(case["id"])["status"] == "awaiting_seller"


def test_open_queue_filters_and_pages(desk):
    for n in range(3):
        desk.add(CaseKind.LOGISTICS, {"store": "专卖店" if n else "旗舰店", "order_no": f"20261123{n:05d}",
                                      "tracking_no": f"YT{n}", "courier": "圆通"})
    assert len(desk.open_cases()) == 3
    assert [c["order_no"] for c in desk.open_cases(store="专卖店")] == ["2026112300001", "2026112300002"]
    assert desk.open_cases(page=1) == []


def test_search_finds_a_case_closed_in_an_earlier_month(tmp_path):
    clock = FixedClock(at("2026-10-20 09:00"))
    store = Store(tmp_path, clock)
    desk = CaseService(store, clock, "Li")
    case = desk.add(CaseKind.AFTER_SALES, ORDER)
    desk.move(case["id"], RefundMove.CLOSE, case["version"])
    clock.at = at("2026-11-02 09:00")
    store.maintain()  # the first command of November moves October's closed cases to history
    assert store.cases.live.read() == [] and store.cases.periods() == ["2026-10"]
    found = desk.search("2026112300123")
    assert [c["id"] for c in found] == [case["id"]] and found[0]["status"] == "closed"
    assert desk.search("张女士")[0]["id"] == case["id"]


def test_masks_keep_enough_to_recognise():
    assert mask_phone("138 1234 5678") == "138****5678"
    assert mask_address("浙江省杭州市西湖区文三路100号") == "浙江省杭州市****"


def test_cases_from_the_command_line(tmp_path):
    import json
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "shiftboard", "cases", *args, "--data-dir", str(tmp_path),
                               "--lang", "en", "--agent", "Li"], capture_output=True, text=True, timeout=60)

    bad = run("add", "after_sales", "store=A", "order_no=12-34")
    assert bad.returncode == 2 and "order_no: digits only" in bad.stderr
    assert run("add", "after_sales", "store=A", "order_no=2026112300123", "item=T", "quantity=2",
               "problem=size", "buyer_phone=13812345678").returncode == 0
    listed = json.loads(run("list", "--json").stdout)
    assert listed[0]["buyer_phone"] == "138****5678"
    assert "awaiting_return" in run("move", listed[0]["id"], "agree").stdout
    shown = json.loads(run("show", "2026112300123", "--unmask").stdout)
    assert shown[0]["buyer_phone"] == "13812345678" and shown[0]["version"] == 2
