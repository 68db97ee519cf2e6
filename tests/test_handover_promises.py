"""A callback promised to a buyer (a case's `promised_at`) becomes a timed item of the shift
taking over, exactly like a handover action: its countdown, at risk and breached at its exact
edges (fixed clock), `overdue` in `status --json`, listed again in the next handover while open."""

from __future__ import annotations

from shiftboard.clock import FixedClock
from shiftboard.domain.shift.alerts import AlertKind, alerts
from shiftboard.domain.shift.run import ItemStatus
from shiftboard.render.status import status_json
from tests.conftest import at
from tests.test_handover_carried import night_view, signed_day
from tests.test_handover_service import as_agent

PROMISED = "2026-11-23T20:30:00+08:00"  # the callback the day shift promised 王先生 (known_day)


def promise(view):
    return next(i for i in view.carried if i.origin.kind == "callback")


def test_a_promised_callback_is_carried_as_a_timed_item_with_its_case(store, playbook):
    li, signed = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")))
    line = next(c for c in signed["content"]["cases"] if c["topic"] == "callback")
    item = promise(night_view(li, "2026-11-23 19:40"))
    assert item.key == f"carried.cb-{line['case']}-2026-11-23T20-30-00+08-00"
    assert (item.item.text, item.origin.case, item.origin.owner) == ("专卖店 · 王先生", line["case"], "Li")
    assert item.timed and item.until == at("2026-11-23 20:30")
    # the complaints that promised nothing stay in the case list, not among the clocks
    assert [i.origin.kind for i in night_view(li, "2026-11-23 19:40").carried].count("callback") == 1


def test_a_promised_callback_at_its_exact_edges(store, playbook):
    li, _ = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")))

    def status(now: str) -> ItemStatus:
        return promise(night_view(li, now)).status

    def crossing(before: str, after: str, lead: int = 10) -> list:
        return [(a.kind, a.block) for a in alerts(night_view(li, before), night_view(li, after), lead=lead)
                if a.item == "专卖店 · 王先生"]

    assert status("2026-11-23 20:29:59") is ItemStatus.DUE
    assert status("2026-11-23 20:30") is ItemStatus.OVERDUE
    assert crossing("2026-11-23 20:19:58", "2026-11-23 20:19:59") == []
    assert crossing("2026-11-23 20:19:59", "2026-11-23 20:20") == [(AlertKind.ACTION_AT_RISK, "Li")]
    assert crossing("2026-11-23 20:20", "2026-11-23 20:29:59") == []  # at risk once, not again
    assert crossing("2026-11-23 20:29:59", "2026-11-23 20:30") == [(AlertKind.ACTION_BREACHED, "Li")]
    assert crossing("2026-11-23 20:30", "2026-11-23 20:45") == []
    assert crossing("2026-11-23 19:59:59", "2026-11-23 20:00", lead=30) == [(AlertKind.ACTION_AT_RISK, "Li")]


def test_status_json_says_overdue_after_the_promised_time(store, playbook):
    li, _ = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")))
    shown = {c["text"]: c for c in status_json(night_view(li, "2026-11-23 20:29:59"), "Wang")["carried"]}
    assert shown["专卖店 · 王先生"]["status"] == "due"
    late = {c["text"]: c for c in status_json(night_view(li, "2026-11-23 20:30"), "Wang")["carried"]}
    assert (late["专卖店 · 王先生"]["status"], late["专卖店 · 王先生"]["kind"], late["专卖店 · 王先生"]["owner"],
            late["专卖店 · 王先生"]["deadline"]) == ("overdue", "callback", "Li", PROMISED)


def test_an_open_promise_is_listed_again_in_the_next_handover_and_a_made_one_is_not(store, playbook):
    li, _ = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")))
    li.clock.at = at("2026-11-24 07:30")
    wang = as_agent(store, playbook, li.clock, "Wang")
    night = wang.shifts.locate("2026-11-23", "night")
    record = wang.draft(*night)
    listed = [i for i in record["content"]["items"] if i["kind"] == "callback"]
    assert [(i["status"], i["owner"], i["due"]) for i in listed] == [("overdue", "Li", PROMISED)]
    wang.shifts.tick(*night, promise(wang.shifts.view(*night)).key)  # called back at last
    record = wang.draft(*night)
    assert [i for i in record["content"]["items"] if i["kind"] == "callback"] == []


def test_a_promise_ticked_before_signing_is_not_carried_again_from_its_case(store, playbook):
    li, _ = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")))
    li.clock.at = at("2026-11-24 07:30")
    wang = as_agent(store, playbook, li.clock, "Wang")
    night = wang.shifts.locate("2026-11-23", "night")
    wang.shifts.tick(*night, promise(wang.shifts.view(*night)).key)
    signed = wang.sign(wang.draft(*night)["id"])
    assert any(c["topic"] == "breached" for c in signed["content"]["cases"])  # the case still says it
    morning = wang.shifts.view(*wang.shifts.locate("2026-11-24", "day"))
    assert [i for i in morning.carried if i.origin.kind == "callback"] == []


async def test_the_dashboard_counts_a_promise_down_and_rings_at_risk_and_at_breach(tmp_path):
    from tests.test_handover_carried_snapshots import night_app
    from tests.waiting import settle, until

    app = night_app(tmp_path, "en")
    app.clock.at = at("2026-11-23 20:19:59")
    rings = []
    app.bell = lambda: rings.append(app.clock.now())

    def toasts() -> list[str]:
        return [n.message for n in app._notifications if "王先生" in n.message]

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # Li's handover left waiting: the dashboard
        await until(pilot, lambda: "☎ 专卖店 · 王先生" in str(app.screen.query_one("#due-soon").render()))
        assert toasts() == []
        app.clock.at = at("2026-11-23 20:20")
        await until(pilot, lambda: toasts() == ["⏱ 专卖店 · 王先生 (Li): 10 min to its deadline"],
                    what="the at-risk toast")
        app.clock.at = at("2026-11-23 20:30")
        await until(pilot, lambda: toasts()[-1:] == ["‼ 专卖店 · 王先生 (Li): deadline passed"], what="the breach toast")
        assert at("2026-11-23 20:20") in rings and at("2026-11-23 20:30") in rings


def _case(store, case_id: str) -> dict:
    from shiftboard.services.cases import CaseService

    return CaseService(store, FixedClock(at("2026-11-24 08:00")), "Wang").get(case_id)


def _wang_at(store, playbook, now: str):
    """Li signed the known day; Wang on the night shift at `now`: (his shift service, the
    night run, the promise carried into it, the clock)."""
    li, _ = signed_day(store, playbook, FixedClock(at("2026-11-23 19:20")))
    li.clock.at = at(now)
    shifts = as_agent(store, playbook, li.clock, "Wang").shifts
    night = shifts.locate("2026-11-23", "night")
    return shifts, night, promise(shifts.view(*night)), li.clock


def test_ticking_a_promise_makes_the_callback_on_its_case_and_unticking_runs_it_again(store, playbook):
    shifts, night, item, clock = _wang_at(store, playbook, "2026-11-23 20:10")
    shifts.tick(*night, item.key)
    case = _case(store, item.origin.case)
    assert case["clocks_met"]["callback"] == "2026-11-23T20:10:00+08:00"
    assert [(e["what"], e.get("via")) for e in case["timeline"]][-1] == ("clock_met", "checklist")
    shifts.tick(*night, item.key)  # ticked again: the case is not changed twice
    assert len(_case(store, item.origin.case)["timeline"]) == len(case["timeline"])
    clock.at = at("2026-11-23 20:12")
    shifts.untick(*night, item.key)  # a slip of the finger: the clock runs again
    case = _case(store, item.origin.case)
    assert "callback" not in case["clocks_met"]
    assert case["timeline"][-1]["what"] == "clock_reopened"


def test_a_callback_the_case_desk_recorded_first_is_left_as_it_was(store, playbook):
    from shiftboard.services.cases import CaseService

    shifts, night, item, clock = _wang_at(store, playbook, "2026-11-23 20:05")
    CaseService(store, clock, "Wang").meet(item.origin.case, "callback")
    before = _case(store, item.origin.case)
    clock.at = at("2026-11-23 20:15")
    shifts.tick(*night, item.key)
    assert _case(store, item.origin.case) == before
