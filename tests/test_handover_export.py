"""Exports against golden files in English and Chinese, masked by default.

After an intended change: `SHIFTBOARD_UPDATE_GOLDEN=1 pytest tests/test_handover_export.py`,
then read the diff of tests/golden/ before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shiftboard import i18n
from shiftboard.clock import FixedClock
from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.domain.handover.render import render
from shiftboard.services.shift import ShiftService
from shiftboard.services.handover import HandoverService
from shiftboard.store import Store
from shiftboard.store.shipped import default_playbook
from tests.conftest import at
from tests.test_handover_service import known_day

GOLDEN = Path(__file__).parent / "golden"
PHONE, ADDRESS = "13812345678", "上海市浦东新区世纪大道100号"

CASES = [
    {"topic": "breached", "case": "01JCASE000000000000000001", "kind": "complaint", "store": "旗舰店",
     "order_no": "", "buyer": "张女士", "phone": PHONE, "address": ADDRESS, "complaint_kind": "soft", "about": "",
     "clock": "first_response", "due": "2026-11-23T19:15:00+08:00"},
    {"topic": "notice", "case": "01JCASE000000000000000002", "kind": "stock_notice", "store": "旗舰店",
     "order_no": "2026112300456", "buyer": "", "phone": "", "address": "", "complaint_kind": None, "about": "缺货",
     "clock": None, "due": None},
    {"topic": "callback", "case": "01JCASE000000000000000003", "kind": "complaint", "store": "专卖店",
     "order_no": "", "buyer": "王先生", "phone": "", "address": "", "complaint_kind": "callback", "about": "",
     "clock": "callback", "due": "2026-11-24T09:30:00+08:00"},
]


#: What the agents wrote, in each language.
WORDS = {
    "en": {"summary": f"Busy evening; 张女士 ({PHONE}, {ADDRESS}) wants a call before 21:00.\nWarehouse short of L sizes.",
           "call": "Call 张女士 back", "pull": "Pull order 2026112300456 from the warehouse",
           "if": "the courier calls about the damaged parcel", "then": "the photos are in the case memo",
           "addendum": "张女士 called again: she prefers 20:00", "read_back": "Call 张女士 at 20:00; pull the order"},
    "zh-CN": {"summary": f"晚上咨询多；张女士（{PHONE}，{ADDRESS}）要求 21:00 前回电。\n仓库 L 码缺货。",
              "call": "给张女士回电", "pull": "从仓库拦截订单 2026112300456",
              "if": "快递来电询问破损包裹", "then": "照片在工单备注里",
              "addendum": "张女士又来电：希望 20:00 回电", "read_back": "20:00 给张女士回电；拦截订单"},
}


def golden_record(tmp_path, lang: str) -> dict:
    """The known day's handover, written, signed, amended, read back and acknowledged."""
    i18n.set_language(lang)
    playbook = parse_playbook(default_playbook(lang).read_text(encoding="utf-8"))
    words = WORDS[lang]
    store = Store(tmp_path, FixedClock(at("2026-11-23 19:20")))
    known_day(store, playbook)

    def service(agent: str, now: str) -> HandoverService:
        clock = FixedClock(at(now))
        return HandoverService(store, ShiftService(store, playbook, clock, agent), clock, agent,
                               cases=lambda now, until: CASES)

    li = service("Li", "2026-11-23 19:20")
    hid = li.draft(*li.shifts.locate("2026-11-23", "day"))["id"]
    li.save_notes(hid, {
        "status": "watch", "summary": words["summary"],
        "actions": [{"text": words["call"], "owner": "Wang", "due": "2026-11-23T20:30:00+08:00"},
                    {"text": words["pull"], "owner": "Wang", "due": "2026-11-24T09:00:00+08:00"}],
        "contingencies": [{"if": words["if"], "then": words["then"]}],
    })
    li.sign(hid)
    service("Li", "2026-11-23 19:40").addendum(hid, words["addendum"])
    service("Wang", "2026-11-23 19:45").acknowledge(hid, read_back=words["read_back"])
    return service("Wang", "2026-11-23 19:46").get(hid)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SHIFTBOARD_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_export_matches_its_golden_file(tmp_path, lang, fmt):
    text = render(golden_record(tmp_path, lang), fmt, i18n.t)
    check_golden(f"handover.{lang}.{fmt}", text)
    assert PHONE not in text and ADDRESS not in text and "138****5678" in text
    assert "2026112300456" in text  # order numbers are not personal data


def test_json_export_matches_its_golden_file_and_is_masked(tmp_path):
    text = render(golden_record(tmp_path, "en"), "json", i18n.t)
    check_golden("handover.json", text)
    data = json.loads(text)
    assert data["schema"] == 1 and data["content"]["cases"][0]["phone"] == "138****5678"
    assert data["content"]["cases"][0]["address"] == "上海市浦东新****"
    assert PHONE not in text and ADDRESS not in text


def test_unmasked_export_shows_the_buyers_data(tmp_path):
    record = golden_record(tmp_path, "zh-CN")
    for fmt in ("md", "txt", "json"):
        text = render(record, fmt, i18n.t, unmask=True)
        assert PHONE in text and ADDRESS in text
