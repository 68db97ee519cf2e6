"""Handovers through the service and the store: a known day drafted, autosave, sign,
carry-over into the next run and again until done, two agents at once, history."""

from __future__ import annotations

import threading

import pytest

from shiftboard.clock import FixedClock
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.errors import ShiftboardError
from shiftboard.services.shift import ShiftService
from shiftboard.services.cases import CaseService
from shiftboard.services.handover import HandoverService
from shiftboard.store import Store
from tests.conftest import at
from tests.test_handover_domain import TWO_SHIFTS

#: What is still open on the known day at 19:20 (everything else was ticked or skipped).
OPEN = ["orders.cannot-ship", "reception.to-warehouse@16:00", "ship.warehouse", "ship.promises"]
#: What the handover carries: the 16:00 occurrence is past (the 17:00 one was ticked) and unmarked.
CARRIED = [k for k in OPEN if "@" not in k]


def as_agent(store, playbook, clock, agent: str) -> HandoverService:
    return HandoverService(store, ShiftService(store, playbook, clock, agent), clock, agent)


def known_day(store, playbook) -> None:
    """The day shift of 2026-11-23: every item done by 19:20 but OPEN; one skipped; cases."""
    clock = FixedClock(at("2026-11-23 19:10"))
    shifts = ShiftService(store, playbook, clock, "Li")
    day, shift = shifts.locate("2026-11-23", "day")
    for block in shifts.view(day, shift).blocks:
        for item in block.items:
            if item.key == "reviews.weekly":
                shifts.skip(day, shift, item.key, "Monday meeting")
            elif item.key not in OPEN:
                shifts.tick(day, shift, item.key)
    desk = CaseService(store, FixedClock(at("2026-11-23 19:00")), "Li")
    desk.add(CaseKind.COMPLAINT, {"store": "旗舰店", "buyer": "张女士", "complaint_kind": "soft",
                                  "buyer_phone": "13812345678", "buyer_address": "上海市浦东新区世纪大道100号"})
    desk.add(CaseKind.COMPLAINT, {"store": "专卖店", "buyer": "王先生", "complaint_kind": "callback",
                                  "promised_at": "2026-11-23 20:30"})
    desk.add(CaseKind.STOCK_NOTICE, {"store": "旗舰店", "order_no": "2026112300456", "item": "T恤 白 L",
                                     "problem": "缺货"})
    desk.add(CaseKind.AFTER_SALES, {"store": "旗舰店", "order_no": "2026112300123", "item": "T恤",
                                    "quantity": "1", "problem": "尺码不合适"})


@pytest.fixture
def clock():
    return FixedClock(at("2026-11-23 19:20"))


@pytest.fixture
def li(store, playbook, clock):
    known_day(store, playbook)
    return as_agent(store, playbook, clock, "Li")


def day_run(service: HandoverService):
    return service.shifts.locate("2026-11-23", "day")


def test_a_known_day_drafts_exactly_its_open_items_and_cases(li):
    record = li.draft(*day_run(li))
    assert [i["key"] for i in record["content"]["items"]] == CARRIED
    assert [i["status"] for i in record["content"]["items"]] == ["overdue", "due", "due"]
    assert record["content"]["missed"] == 1
    cases = [(c["store"], c["topic"], c["clock"], c["buyer"]) for c in record["content"]["cases"]]
    assert cases == [("专卖店", "callback", "callback", "王先生"),
                     ("旗舰店", "breached", "first_response", "张女士"),
                     ("旗舰店", "due_next", "verified", "张女士"),
                     ("旗舰店", "notice", None, "")]
    assert record["id"] == "2026-11-23/day/Li" and record["to"]["run"] == "2026-11-23/night"


def test_the_draft_is_saved_with_every_change_and_survives_a_restart(li, store, playbook, clock):
    record = li.draft(*day_run(li))
    li.save_notes(record["id"], {"status": "watch", "summary": "旗舰店 缺货 T恤",
                                 "actions": [{"text": "回电王先生", "owner": "Wang", "due": "2026-11-23T20:30:00+08:00"}],
                                 "contingencies": [{"if": "仓库来电", "then": "先拦截订单"}]})
    again = as_agent(Store(store.root, clock), playbook, clock, "Li").draft(*day_run(li))
    assert again["notes"]["summary"] == "旗舰店 缺货 T恤" and again["notes"]["status"] == "watch"
    assert again["notes"]["contingencies"] == [{"if": "仓库来电", "then": "先拦截订单"}]


def test_two_outgoing_agents_each_keep_their_own_entry(li, store, playbook, clock):
    wang = as_agent(store, playbook, clock, "Wang")
    li.save_notes(li.draft(*day_run(li))["id"], {"summary": "Li's part"})
    wang.save_notes(wang.draft(*day_run(li))["id"], {"summary": "Wang's part"})
    found = li.for_run(*day_run(li))
    assert [(r["from"], r["notes"]["summary"]) for r in found] == [("Li", "Li's part"), ("Wang", "Wang's part")]


def test_sign_locks_and_carries_into_the_next_run(li, store, playbook, clock):
    record = li.draft(*day_run(li))
    li.save_notes(record["id"], {"actions": [{"text": "Call Mr Wang back", "owner": "Zhao",
                                              "due": "2026-11-23T20:30:00+08:00"}]})
    signed = li.sign(record["id"])
    assert signed["signed"] == {"by": "Li", "at": "2026-11-23T19:20:00+08:00"}
    with pytest.raises(ShiftboardError) as caught:
        li.save_notes(record["id"], {"summary": "changed my mind"})
    assert caught.value.key == "handover.locked"
    assert li.get(record["id"])["notes"]["summary"] == ""
    night = li.shifts.view(*li.shifts.locate("2026-11-23", "night"))
    assert not any(i.carried_from for b in night.blocks for i in b.items)  # their own section
    carried = night.carried
    assert [i.item.text for i in carried] == [
        "Find orders that cannot ship today: pull them back from the warehouse before the early shift "
        "leaves, tell the buyer",
        "Help in the warehouse", "Follow every promise made to a buyer through to the end",
        "Call Mr Wang back", "专卖店 · 王先生"]  # the callback promised to 王先生 at 20:30, a clock too
    assert {i.carried_from for i in carried} == {"Day shift 11-23, Li"}
    assert [i.origin.block_title for i in carried] == ["New orders", "Check & ship", "Check & ship", "", ""]
    # signing twice is refused and carries nothing twice
    with pytest.raises(ShiftboardError):
        li.sign(record["id"])
    assert len(li.shifts.run(*li.shifts.locate("2026-11-23", "night"))["carried"]) == 5


def test_carried_items_reappear_at_each_handover_until_done(li, store, playbook, clock):
    li.sign(li.draft(*day_run(li))["id"])
    clock.at = at("2026-11-23 21:50")
    zhao = as_agent(store, playbook, clock, "Zhao")
    night = zhao.shifts.locate("2026-11-23", "night")
    view = zhao.shifts.view(*night)
    done_key = next(i.key for i in view.carried if i.item.text == "Help in the warehouse")
    zhao.shifts.tick(*night, done_key)
    for item in view.blocks[0].items:
        if item.key != "night.nothing-left":
            zhao.shifts.tick(*night, item.key)
    for item in view.blocks[1].items:
        zhao.shifts.tick(*night, item.key)
    record = zhao.draft(*night)
    promise = next(i["key"] for i in record["content"]["items"] if i["kind"] == "callback")  # late, still open
    assert [i["key"] for i in record["content"]["items"]] == [
        "night.nothing-left", "carried.c-2026-11-23-day-orders-cannot-ship",
        "carried.c-2026-11-23-day-ship-promises", promise]
    zhao.sign(record["id"])
    morning = zhao.shifts.view(*zhao.shifts.locate("2026-11-24", "day"))
    carried = {i.key: i.carried_from for i in morning.carried}
    assert carried == {"carried.c-2026-11-23-night-night-nothing-left": "Night shift 11-23, Zhao",
                       "carried.c-2026-11-23-day-orders-cannot-ship": "Night shift 11-23, Zhao",
                       "carried.c-2026-11-23-day-ship-promises": "Night shift 11-23, Zhao",
                       promise: "Night shift 11-23, Zhao"}  # one item, not doubled by the case again


def test_two_incoming_agents_acknowledging_at_once_are_both_recorded(li, store, playbook, clock):
    hid = li.sign(li.draft(*day_run(li))["id"])["id"]
    later = FixedClock(at("2026-11-23 19:35"))
    barrier = threading.Barrier(2)
    errors = []

    def receive(agent: str) -> None:
        service = as_agent(Store(store.root, later), playbook, later, agent)
        barrier.wait()
        try:
            service.acknowledge(hid, read_back=f"{agent}: understood")
        except ShiftboardError as error:  # pragma: no cover - the test fails below
            errors.append(error)

    threads = [threading.Thread(target=receive, args=(a,)) for a in ("Wang", "Zhao")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = li.get(hid)
    assert errors == []
    assert sorted(a["by"] for a in stored["acks"]) == ["Wang", "Zhao"]
    assert sorted(r["text"] for r in stored["read_backs"]) == ["Wang: understood", "Zhao: understood"]


def test_a_handover_nobody_came_for_waits_and_brings_its_open_items_along(li, store, playbook, clock):
    hid = li.sign(li.draft(*day_run(li))["id"])["id"]
    night = li.shifts.locate("2026-11-23", "night")
    help_key = next(i.key for i in li.shifts.view(*night).carried if i.item.text == "Help in the warehouse")
    li.shifts.tick(*night, help_key)  # done in the night run after all, by someone passing by
    clock.at = at("2026-11-24 08:40")
    zhou = as_agent(store, playbook, clock, "Zhou")
    assert [r["id"] for r in zhou.waiting()] == [hid]
    zhou.acknowledge(hid, "got it")
    assert zhou.waiting() == []
    morning = zhou.shifts.view(*zhou.shifts.locate("2026-11-24", "day"))
    texts = [i.item.text for i in morning.carried]
    assert len(texts) == 3 and "Help in the warehouse" not in texts and "专卖店 · 王先生" in texts


def test_addenda_after_signing_are_kept_beside_the_signed_text(li):
    hid = li.sign(li.draft(*day_run(li))["id"])["id"]
    li.addendum(hid, "王先生 called: callback moved to 21:00")
    stored = li.get(hid)
    assert stored["addenda"] == [{"by": "Li", "at": "2026-11-23T19:20:00+08:00",
                                  "text": "王先生 called: callback moved to 21:00"}]
    assert stored["signed"]["at"] == "2026-11-23T19:20:00+08:00"


def test_history_by_date_shift_and_text_across_archived_months(tmp_path, playbook):
    clock = FixedClock(at("2026-10-30 19:20"))
    store = Store(tmp_path, clock)
    li, wang = (as_agent(store, playbook, clock, a) for a in ("Li", "Wang"))
    october = li.draft(*li.shifts.locate("2026-10-30", "day"))
    li.save_notes(october["id"], {"summary": "SF courier strike in Hangzhou"})
    li.sign(october["id"])
    wang.acknowledge(october["id"], "ok")
    clock.at = at("2026-11-02 19:20")
    store.maintain()
    assert store.handovers.periods() == ["2026-10"] and store.handovers.live.read() == []
    li.draft(*li.shifts.locate("2026-11-02", "day"))
    assert [r["date"] for r in li.search()] == ["2026-11-02", "2026-10-30"]
    assert [r["id"] for r in li.search("sf courier")] == [october["id"]]
    assert [r["id"] for r in li.search(date="2026-10-30", shift="day")] == [october["id"]]
    assert li.search(shift="night") == []
    assert [r["id"] for r in li.for_run(*li.shifts.locate("2026-10-30", "day"))] == [october["id"]]


def test_showing_it_unmasked_is_recorded(li):
    hid = li.sign(li.draft(*day_run(li))["id"])["id"]
    li.unmasked([li.get(hid)], "md")
    assert li.get(hid)["timeline"] == [{"by": "Li", "at": "2026-11-23T19:20:00+08:00", "what": "unmasked",
                                        "format": "md"}]


def test_a_night_shift_crossing_midnight_belongs_to_the_date_it_started(tmp_path):
    book = parse_playbook(TWO_SHIFTS)
    clock = FixedClock(at("2026-11-24 05:50"))
    store = Store(tmp_path, clock)
    wang = as_agent(store, book, clock, "Wang")
    record = wang.sign(wang.draft(*wang.shifts.locate())["id"])
    assert (record["run"], record["to"]["run"]) == ("2026-11-23/night", "2026-11-24/day")
    morning = wang.shifts.view(*wang.shifts.locate("2026-11-24", "day"))
    assert [i.item.text for i in morning.carried] == ["B", "C"]
