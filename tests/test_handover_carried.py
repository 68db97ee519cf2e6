"""Carried items: their exact set from a known day, their context, action clocks at their
edges (fixed clock), and one identity across the run they came from and the run they joined."""

from __future__ import annotations

from shiftboard.clock import FixedClock
from shiftboard.domain.shift.alerts import AlertKind, alerts
from shiftboard.domain.shift.run import ItemStatus
from shiftboard.render.status import status_json
from tests.conftest import at
from tests.test_handover_service import as_agent, day_run, known_day

ACTION = {"text": "call Ms Wang back about the replacement", "owner": "Zhang", "due": "2026-11-23T20:30:00+08:00"}


def signed_day(store, playbook, clock, note_on_past: bool = False):
    known_day(store, playbook)
    li = as_agent(store, playbook, clock, "Li")
    day, shift = day_run(li)
    li.shifts.note(day, shift, "ship.warehouse", "courier agent 851 comes at 21:00")
    if note_on_past:
        li.shifts.note(day, shift, "reception.to-warehouse@16:00", "warehouse asked us to resend")
    record = li.draft(day, shift)
    li.save_notes(record["id"], {"summary": "busy", "actions": [ACTION]})
    return li, li.sign(record["id"])


def night_view(service, now: str):
    service.clock.at = at(now)
    return service.shifts.view(*service.shifts.locate("2026-11-23", "night"))


def test_the_carried_set_is_exact_and_brings_its_notes(store, playbook):
    clock = FixedClock(at("2026-11-23 19:20"))
    li, signed = signed_day(store, playbook, clock)
    view = night_view(li, "2026-11-23 19:40")
    assert [i.key for i in view.carried][:4] == [
        "carried.c-2026-11-23-day-orders-cannot-ship", "carried.c-2026-11-23-day-ship-warehouse",
        "carried.c-2026-11-23-day-ship-promises", "carried.c-2026-11-23-day-Li-a1"]
    assert len(view.carried) == 5 and view.carried[4].origin.kind == "callback"  # see test_handover_promises
    warehouse = view.item("carried.c-2026-11-23-day-ship-warehouse")
    assert [n[2] for n in warehouse.origin.notes] == ["courier agent 851 comes at 21:00"]
    assert (warehouse.origin.agent, warehouse.origin.shift_title, warehouse.origin.block_title) == \
        ("Li", "Day shift", "Check & ship")
    assert signed["content"]["missed"] == 1
    # open for the whole run, not overdue at the end of the night's first block
    assert warehouse.until == view.end
    shown = status_json(view, "Wang")
    assert all(not i["id"].startswith("carried.") for b in shown["blocks"] for i in b["items"])
    assert shown["carried"][1]["earlier_notes"][0]["text"] == "courier agent 851 comes at 21:00"


def test_a_past_occurrence_is_carried_only_when_the_agent_marked_it(store, playbook):
    li, signed = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")), note_on_past=True)
    keys = [i["key"] for i in signed["content"]["items"]]
    assert "reception.to-warehouse@16:00" in keys and signed["content"]["missed"] == 0


def test_an_action_is_a_clock_at_its_exact_edges(store, playbook):
    li, _ = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")))
    key = "carried.c-2026-11-23-day-Li-a1"

    def status(now: str) -> ItemStatus:
        return night_view(li, now).item(key).status

    assert status("2026-11-23 20:29:59") is ItemStatus.DUE
    assert status("2026-11-23 20:30") is ItemStatus.OVERDUE
    at_risk = [a.kind for a in alerts(night_view(li, "2026-11-23 20:19:59"), night_view(li, "2026-11-23 20:20"))
               if a.item == ACTION["text"]]  # the day's promised callback is due at 20:30 too
    assert at_risk == [AlertKind.ACTION_AT_RISK]
    assert alerts(night_view(li, "2026-11-23 20:20"), night_view(li, "2026-11-23 20:21")) == []
    breached = alerts(night_view(li, "2026-11-23 20:29:59"), night_view(li, "2026-11-23 20:30"))
    assert [(a.kind, a.block, a.item) for a in breached if a.item == ACTION["text"]] == [
        (AlertKind.ACTION_BREACHED, "Zhang", "call Ms Wang back about the replacement")]
    late = status_json(night_view(li, "2026-11-23 20:45"), "Wang")["carried"][3]
    assert (late["status"], late["owner"], late["deadline"]) == ("overdue", "Zhang", "2026-11-23T20:30:00+08:00")
    # a lead time of 30 minutes warns at 20:00
    assert [a.item for a in alerts(night_view(li, "2026-11-23 19:59"), night_view(li, "2026-11-23 20:00"),
                                   lead=30) if a.kind is AlertKind.ACTION_AT_RISK][0] == ACTION["text"]


def test_an_open_action_is_listed_again_in_the_next_handover(store, playbook):
    li, _ = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")))
    li.clock.at = at("2026-11-24 07:30")
    wang = as_agent(store, playbook, li.clock, "Wang")
    record = wang.draft(*wang.shifts.locate("2026-11-23", "night"))
    action = next(i for i in record["content"]["items"] if i["kind"] == "action")
    assert (action["owner"], action["due"], action["status"]) == ("Zhang", ACTION["due"], "overdue")


def test_one_identity_ticked_in_either_run(store, playbook):
    li, _ = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")))
    night = li.shifts.locate("2026-11-23", "night")
    day = day_run(li)
    li.shifts.tick(*day, "ship.warehouse")  # done after signing, in the day run
    assert night_view(li, "2026-11-23 19:40").item("carried.c-2026-11-23-day-ship-warehouse").status \
        is ItemStatus.DONE
    wang = as_agent(store, playbook, li.clock, "Wang")
    wang.shifts.tick(*night, "carried.c-2026-11-23-day-ship-promises")  # done in the night run
    assert li.shifts.view(*day).item("ship.promises").status is ItemStatus.DONE
    wang.shifts.untick(*night, "carried.c-2026-11-23-day-ship-promises")
    assert li.shifts.view(*day).item("ship.promises").status is not ItemStatus.DONE


def test_a_change_made_later_is_marked_in_the_run_and_its_handover(store, playbook):
    from shiftboard import i18n
    from shiftboard.domain.handover.render import render

    li, signed = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")))
    li.clock.at = at("2026-12-04 10:00")
    li.edited_later(*day_run(li), "ship.warehouse")
    record = li.get(signed["id"])
    assert record["timeline"][-1] == {"by": "Li", "at": "2026-12-04T10:00:00+08:00", "what": "edited_later",
                                      "key": "ship.warehouse"}
    assert "edited later by Li at 2026-12-04 10:00: ship.warehouse" in render(record, "txt", i18n.t)
    assert li.shifts.run(*day_run(li))["edited_later"][0]["key"] == "ship.warehouse"
