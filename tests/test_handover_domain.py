"""The handover's rules without a store: the run taking over, the drafted items, the lock,
addenda, acknowledgements, carry-over ids and deadlines."""

from __future__ import annotations

import pytest

from shiftboard.domain.handover import carry
from shiftboard.domain.handover import model as ho
from shiftboard.domain.cases.clocks import parse_policy
from shiftboard.domain.cases.desk import view_of
from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.domain.shift.run import build_view
from shiftboard.errors import ShiftboardError
from shiftboard.store.shipped import shipped
from tests.conftest import TZ, at

TWO_SHIFTS = """
name = "late night"
[[shifts]]
id = "day"
title = "Day"
[[shifts.blocks]]
id = "work"
title = "Work"
start = "08:00"
end = "16:00"
[[shifts.blocks.items]]
id = "a"
text = "A"
[[shifts]]
id = "night"
title = "Night"
[[shifts.blocks]]
id = "watch"
title = "Watch"
start = "22:00"
end = "02:00"
[[shifts.blocks.items]]
id = "b"
text = "B"
[[shifts.blocks]]
id = "dawn"
title = "Dawn"
start = "02:00"
end = "06:00"
[[shifts.blocks.items]]
id = "c"
text = "C"
"""


def day(text: str):
    return at(text).date()


def test_the_run_taking_over(playbook):
    day_shift, night = playbook.shift("day"), playbook.shift("night")
    assert ho.next_run(playbook, day("2026-11-23"), day_shift, TZ) == (day("2026-11-23"), night)
    assert ho.next_run(playbook, day("2026-11-23"), night, TZ) == (day("2026-11-24"), day_shift)


def test_a_night_shift_crossing_midnight_hands_over_to_the_next_morning():
    book = parse_playbook(TWO_SHIFTS)
    night = book.shift("night")
    assert ho.next_run(book, day("2026-11-23"), night, TZ) == (day("2026-11-24"), book.shift("day"))


def draft_at(playbook, now: str, run: dict | None = None, agent: str = "Li") -> dict:
    shift = playbook.shift("day")
    view = build_view(shift, day("2026-11-23"), run, at(now))
    record = ho.new_draft(view, (day("2026-11-23"), playbook.shift("night")), agent, at(now))
    return ho.refresh_content(record, ho.open_items(view), [], at(now))


def test_open_items_are_what_is_neither_done_nor_skipped(playbook):
    marks = {key: {"state": "done", "by": "Li", "at": "2026-11-23T10:00:00+08:00"}
             for key in ("overnight.returns", "overnight.missed-orders", "overnight.missed-items")}
    marks["overnight.out-of-stock"] = {"state": "skipped", "by": "Li", "at": "2026-11-23T10:00:00+08:00"}
    record = draft_at(playbook, "2026-11-23 09:00", {"items": marks})
    keys = [i["key"] for i in record["content"]["items"]]
    assert keys[:2] == ["overnight.inquiries", "overnight.stock-fix"]
    assert "overnight.returns" not in keys and "overnight.out-of-stock" not in keys
    hourly = next(i for i in record["content"]["items"] if i["key"] == "reception.to-warehouse@15:00")
    assert (hourly["at"], hourly["status"], hourly["block_title"]) == ("15:00", "upcoming", "Reception & labels")
    assert record["to"] == {"run": "2026-11-23/night", "date": "2026-11-23", "shift": "night",
                            "shift_title": "Night shift", "start": "2026-11-23T19:30:00+08:00"}


def test_case_lines_per_store_breached_callback_due_next_notice():
    policy = parse_policy(shipped("policy.toml").read_text(encoding="utf-8"))
    now, until = at("2026-11-23 19:20"), at("2026-11-23 22:00")

    def case(case_id: str, kind: str, store: str, **more) -> dict:
        return {"id": case_id, "kind": kind, "status": "open", "store": store, **more}

    cases = [
        case("S1", "complaint", "B", complaint_kind="soft", events={"opened": "2026-11-23T19:00:00+08:00"}),
        case("C1", "complaint", "A", complaint_kind="callback",
             events={"opened": "2026-11-23T18:00:00+08:00", "promised": "2026-11-24T10:00:00+08:00"}),
        case("N1", "stock_notice", "A", order_no="2026112300009", problem="sold out"),
        case("R1", "complaint", "A", complaint_kind="repair", events={"opened": "2026-11-23T18:00:00+08:00"}),
        case("M1", "complaint", "B", complaint_kind="soft", events={"opened": "2026-11-23T19:00:00+08:00"},
             clocks_met={"first_response": "2026-11-23T19:05:00+08:00", "verified": "2026-11-23T19:10:00+08:00"}),
    ]
    lines = ho.case_lines([view_of(policy, c, now) for c in cases], until)
    assert [(c["store"], c["case"], c["topic"], c["clock"]) for c in lines] == [
        ("A", "C1", "callback", "callback"),     # promised for tomorrow: still listed
        ("A", "N1", "notice", None),
        ("B", "S1", "breached", "first_response"),  # 15 min from 19:00
        ("B", "S1", "due_next", "verified"),        # 19:30, before the night ends
    ]  # the repair clocks (1 and 3 days) run out after the next shift; M1's steps are done


def test_signing_locks_and_corrections_are_signed_addenda(playbook):
    record = draft_at(playbook, "2026-11-23 19:20")
    with pytest.raises(ShiftboardError) as caught:
        ho.add_addendum(record, "Li", at("2026-11-23 19:21"), "late note")
    assert caught.value.key == "handover.not_signed"
    with pytest.raises(ShiftboardError) as caught:
        ho.sign(record, "Wang", at("2026-11-23 19:21"))
    assert caught.value.key == "handover.not_yours"
    signed = ho.sign(record, "Li", at("2026-11-23 19:22"))
    assert signed["signed"] == {"by": "Li", "at": "2026-11-23T19:22:00+08:00"} and record["signed"] is None
    for change in (lambda r: ho.edit_notes(r, {"summary": "changed"}, at("2026-11-23 19:30")),
                   lambda r: ho.refresh_content(r, [], [], at("2026-11-23 19:30")),
                   lambda r: ho.sign(r, "Li", at("2026-11-23 19:30"))):
        with pytest.raises(ShiftboardError) as caught:
            change(signed)
        assert (caught.value.key, caught.value.params) == ("handover.locked", {"by": "Li", "at": "19:22"})
    amended = ho.add_addendum(signed, "Li", at("2026-11-23 19:40"), "  Zhang called: sorted  ")
    assert amended["addenda"] == [{"by": "Li", "at": "2026-11-23T19:40:00+08:00", "text": "Zhang called: sorted"}]
    assert amended["notes"] == signed["notes"] and signed["addenda"] == []


def test_acknowledgements_each_agent_once_never_the_author(playbook):
    signed = ho.sign(draft_at(playbook, "2026-11-23 19:20"), "Li", at("2026-11-23 19:22"))
    with pytest.raises(ShiftboardError) as caught:
        ho.acknowledge(signed, "Li", at("2026-11-23 19:35"))
    assert caught.value.key == "handover.own"
    once = ho.acknowledge(signed, "Wang", at("2026-11-23 19:35"))
    twice = ho.acknowledge(ho.acknowledge(once, "Wang", at("2026-11-23 19:36")), "Zhao", at("2026-11-23 19:37"))
    assert [(a["by"], a["at"][11:16]) for a in twice["acks"]] == [("Wang", "19:35"), ("Zhao", "19:37")]
    read = ho.add_read_back(signed, "Wang", at("2026-11-23 19:34"), "3 open items, call Zhang at 20:00")
    assert read["read_backs"][0]["text"] == "3 open items, call Zhang at 20:00"


def test_receiving_needs_a_read_back_typed_now_or_posted_before(playbook):
    signed = ho.sign(draft_at(playbook, "2026-11-23 19:20"), "Li", at("2026-11-23 19:22"))
    with pytest.raises(ShiftboardError) as caught:
        ho.receive(signed, "Wang", at("2026-11-23 19:35"), "  ")
    assert caught.value.key == "handover.read_back_required"
    typed = ho.receive(signed, "Wang", at("2026-11-23 19:35"), "call Zhang at 20:00")
    assert [r["text"] for r in typed["read_backs"]] == ["call Zhang at 20:00"]
    assert [a["by"] for a in typed["acks"]] == ["Wang"]
    posted = ho.add_read_back(signed, "Wang", at("2026-11-23 19:34"), "which Zhang?")
    taken = ho.receive(posted, "Wang", at("2026-11-23 19:36"), "")
    assert [r["text"] for r in taken["read_backs"]] == ["which Zhang?"]  # nothing empty added
    assert [a["by"] for a in taken["acks"]] == ["Wang"]
    with pytest.raises(ShiftboardError) as caught:  # a teammate's read-back is not this agent's
        ho.receive(posted, "Zhao", at("2026-11-23 19:37"), "")
    assert caught.value.key == "handover.read_back_required"


def test_a_signed_handover_waits_for_the_next_shift_until_someone_acknowledges(playbook):
    signed = ho.sign(draft_at(playbook, "2026-11-23 19:00"), "Li", at("2026-11-23 19:05"))
    assert not ho.is_waiting(signed, at("2026-11-23 19:14:59"), "Wang")  # night starts 19:30
    assert ho.is_waiting(signed, at("2026-11-23 19:15"), "Wang")
    assert ho.is_waiting(signed, at("2026-11-24 08:40"), "Zhao")  # nobody came: still waiting
    assert not ho.is_waiting(signed, at("2026-11-23 19:40"), "Li")
    assert not ho.is_waiting(ho.acknowledge(signed, "Wang", at("2026-11-23 19:40")), at("2026-11-23 19:41"), "Zhao")


def test_carried_items_keep_their_id_from_handover_to_handover(playbook):
    record = draft_at(playbook, "2026-11-23 19:20")
    record = ho.edit_notes(record, {"actions": [{"text": "Call Ms Zhang back", "owner": "Wang",
                                                 "due": "2026-11-23T20:00:00+08:00"}]}, at("2026-11-23 19:21"))
    entries = carry.carry_entries(record)
    by_text = {e["text"]: e for e in entries}
    assert by_text["Help in the warehouse"]["key"] == "carried.c-2026-11-23-day-ship-warehouse"
    assert by_text["Help in the warehouse"]["source"] == ["2026-11-23/day", "ship.warehouse"]
    action = by_text["Call Ms Zhang back"]
    assert action["key"] == "carried.c-2026-11-23-day-Li-a1" and action["from"] == "Day shift 11-23, Li"
    assert (action["owner"], action["due"], action["kind"]) == ("Wang", "2026-11-23T20:00:00+08:00", "action")
    # the night run shows it as a carried item; handed over again it keeps its id
    night_view = build_view(playbook.shift("night"), day("2026-11-23"), {"carried": entries}, at("2026-11-23 21:50"))
    night = ho.new_draft(night_view, (day("2026-11-24"), playbook.shift("day")), "Wang", at("2026-11-23 21:50"))
    night = ho.refresh_content(night, ho.open_items(night_view), [], at("2026-11-23 21:50"))
    again = {e["text"]: e for e in carry.carry_entries(night)}
    assert again["Call Ms Zhang back"]["key"] == "carried.c-2026-11-23-day-Li-a1"
    assert again["Call Ms Zhang back"]["from"] == "Night shift 11-23, Wang"
    assert again["Call Ms Zhang back"]["due"] == "2026-11-23T20:00:00+08:00"  # still a clock


@pytest.mark.parametrize(("text", "expected"), [
    ("20:00", "2026-11-23 20:00"), ("09：15", "2026-11-24 09:15"), ("19:20", "2026-11-24 19:20"),
    ("11-25 08:30", "2026-11-25 08:30"), ("2026-12-01 10:00", "2026-12-01 10:00"),
])
def test_deadlines(text, expected):
    assert ho.parse_deadline(text, at("2026-11-23 19:20")) == at(expected)


@pytest.mark.parametrize("text", ["tomorrow", "25:00", "02-30 10:00", ""])
def test_bad_deadlines(text):
    with pytest.raises(ShiftboardError) as caught:
        ho.parse_deadline(text, at("2026-11-23 19:20"))
    assert caught.value.key == "handover.bad_deadline"


def test_closed_handovers_of_past_months_go_to_history_waiting_ones_stay(playbook):
    draft = draft_at(playbook, "2026-11-23 19:20")
    signed = ho.sign(draft, "Li", at("2026-11-23 19:22"))
    acked = ho.acknowledge(signed, "Wang", at("2026-11-23 19:40"))
    assert [ho.closed_period(r, "2026-12") for r in (draft, signed, acked)] == ["2026-11", None, "2026-11"]
    assert ho.closed_period(acked, "2026-11") is None
