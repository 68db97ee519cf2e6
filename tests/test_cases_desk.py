"""The desk's pure views: what deserves a toast, day ranges, the courier memo, register totals."""

from __future__ import annotations

import pytest

from shiftboard.domain.cases.clocks import ClockStatus as C
from shiftboard.domain.cases.clocks import parse_policy
from shiftboard.domain.cases.desk import clock_states, days, register_totals, turned, view_of, watch
from shiftboard.domain.cases.followup import MemoLine, memo_line
from shiftboard.errors import ShiftboardError
from shiftboard.store.shipped import shipped
from tests.conftest import at

POLICY = parse_policy(shipped("policy.toml").read_text(encoding="utf-8"))
SOFT = {"id": "C1", "kind": "complaint", "status": "open", "complaint_kind": "soft",
        "events": {"opened": "2026-11-23T10:00:00+08:00"}}


def states(now: str) -> dict:
    return clock_states([view_of(POLICY, SOFT, at(now))])


def test_a_toast_when_a_clock_goes_at_risk_and_again_when_it_breaches():
    before, risky, late = (states(f"2026-11-23 {t}") for t in ("10:05", "10:08", "10:15"))
    assert turned(before, risky) == [(("C1", "first_response"), C.AT_RISK)]
    assert turned(risky, risky) == []
    assert turned(risky, late) == [(("C1", "first_response"), C.BREACHED)]
    met = {**SOFT, "clocks_met": {"first_response": "2026-11-23T10:09:00+08:00"}}
    assert ("C1", "first_response") not in clock_states([view_of(POLICY, met, at("2026-11-23 10:20"))])


def test_watch_reads_a_stream_once_and_keeps_only_the_soonest():
    """The due-soon panel hands `watch` the live shards as a stream (one pass, nothing kept
    but the soonest): it must still see every running clock and count every open case."""
    opened = ("09:00", "10:00", "09:30", "08:00")
    cases = [{**SOFT, "id": f"C{n}", "events": {"opened": f"2026-11-23T{time}:00+08:00"}}
             for n, time in enumerate(opened)]
    cases.append({"id": "R1", "kind": "return", "status": "received", "events": {}})
    cases.append({**SOFT, "id": "X1", "status": "closed"})
    seen = watch(POLICY, iter(cases), at("2026-11-23 10:05"), limit=2)
    assert [view.case["id"] for view in seen.soon] == ["C3", "C0"]  # breached first, soonest due
    assert {case_id for case_id, _ in seen.states} == {"C0", "C1", "C2", "C3"}
    assert seen.states[("C1", "first_response")] is C.RUNNING
    assert seen.states[("C3", "first_response")] is C.BREACHED
    assert seen.open_by_kind == {"complaint": 4, "return": 1}


def test_days_of_the_register():
    assert days("2026-10-30", "2026-11-02") == ["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"]
    for first, last in (("2026-11-02", "2026-10-30"), ("2026-01-01", "2027-06-01"), ("yesterday", "2026-11-01")):
        with pytest.raises(ShiftboardError):
            days(first, last)


def test_the_courier_memo_in_the_fields_format():
    case = {"kind": "logistics", "created_at": "2026-06-28T09:00:00+08:00", "updated_at": "2026-06-28T10:12:00+08:00",
            "courier_agent_id": "851", "result": "地址已改，已处理", "handler": "李娜"}
    assert memo_line(case, "Asia/Shanghai") == MemoLine("6-28", "851", "地址已改，已处理", "李娜")
    assert memo_line({**case, "result": None}, "Asia/Shanghai") is None


def test_register_totals_count_pieces_by_outcome():
    entries = [{"created_at": "2026-11-23T09:00", "store": "A", "quantity": 2, "status": "restocked"},
               {"created_at": "2026-11-23T11:00", "store": "A", "quantity": 1, "status": "loss"},
               {"created_at": "2026-11-23T12:00", "store": "A", "quantity": 4, "status": "received"},
               {"created_at": "2026-11-22T12:00", "store": "B", "quantity": 1, "status": "restocked"}]
    totals = [(t.day, t.store, t.entries, t.quantity, t.restocked, t.loss, t.waiting) for t in register_totals(entries)]
    assert totals == [("2026-11-22", "B", 1, 1, 1, 0, 0), ("2026-11-23", "A", 3, 7, 2, 1, 4)]


def test_every_playbook_queue_names_a_kind_of_case():
    from shiftboard.domain.cases.model import KIND_OF_QUEUE, CaseKind
    from shiftboard.domain.shift.playbook import QUEUES

    assert sorted(KIND_OF_QUEUE) == sorted(QUEUES) and set(KIND_OF_QUEUE.values()) == set(CaseKind)
