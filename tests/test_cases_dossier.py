"""One view per order and per buyer, and partial search from the CLI."""

from __future__ import annotations

import json

import pytest

from shiftboard.domain.cases.model import CaseKind
from shiftboard.errors import ShiftboardError
from shiftboard.services.cases import CaseService
from shiftboard.services.dossier import About, dossier
from tests.test_cases_cli import add, run  # noqa: F401  (run: the fixture)

ORDER = "2026112300123456"


@pytest.fixture
def desk(store, clock):
    return CaseService(store, clock, "Li")


def test_an_orders_cases_register_entries_notes_and_handover_mentions(desk, store):
    refund = desk.add(CaseKind.AFTER_SALES, {"store": "旗舰店", "order_no": ORDER, "item": "T恤", "quantity": "1",
                                             "problem": "尺码", "buyer": "王小明"})
    parcel = desk.add(CaseKind.RETURN, {"store": "旗舰店", "order_no": ORDER, "item": "T恤", "quantity": "1",
                                        "problem": "尺码", "return_tracking_no": "SF1234567890"})
    desk.add(CaseKind.AFTER_SALES, {"store": "旗舰店", "order_no": "2026112300999999", "item": "裤子",
                                    "quantity": "1", "problem": "尺码", "buyer": "王小明"})
    desk.note(refund["id"], "买家说下午寄回")
    desk.contact(parcel["id"], "phone", "reached")
    store.handovers.live.update("2026-11-23/day/Li", lambda _: {
        "run": "2026-11-23/day", "date": "2026-11-23", "shift": "day", "shift_title": "白班", "from": "Li",
        "created_at": "2026-11-23T19:00:00+08:00",
        "notes": {"summary": f"订单 {ORDER} 等买家回电", "actions": [], "contingencies": []}})
    found = dossier(store, About.ORDER, ORDER)
    assert {case["id"] for case in found.cases} == {refund["id"], parcel["id"]}
    assert [case["id"] for case in found.register] == [parcel["id"]]
    assert [entry["what"] for _, entry in found.said] == ["note", "contact"]
    assert [m.where for m in found.handovers] == ["2026-11-23 白班"]
    assert len(dossier(store, About.BUYER, "王小明").cases) == 2
    with pytest.raises(ShiftboardError) as none:
        dossier(store, About.BUYER, "李四")
    assert none.value.key == "dossier.none.buyer"


def test_cli_search_order_and_buyer(run):
    case = add(run, "after_sales", "store=A", f"order_no={ORDER}", "item=T恤", "quantity=1", "problem=size",
               "buyer=王小明", "buyer_phone=13812345678")
    run("cases", "note", case["id"], "call back at 3")
    found = json.loads(run("cases", "search", "123456", "--json").stdout)
    assert [row["id"] for row in found] == [case["id"]]
    assert "王小明" in run("cases", "search", "5678").stdout and "王小明" in run("cases", "search", "小明").stdout
    missing = run("cases", "search", "9999")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    view = run("cases", "order", ORDER, lang="zh").stdout
    assert f"订单 {ORDER}：1 个售后单" in view and "call back at 3" in view
    data = json.loads(run("cases", "buyer", "王小明", "--json").stdout)
    assert data["cases"][0]["buyer_phone"] == "138****5678" and data["said"][0]["text"] == "call back at 3"
