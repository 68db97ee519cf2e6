"""Cases through the service: input rules, moves, stale edits, the queue, due-soon, search
across archived months, the return register, reveals."""

from __future__ import annotations

import pytest

from shiftboard.clock import FixedClock
from shiftboard.domain.cases.model import CaseKind, entries
from shiftboard.domain.cases.clocks import ClockStatus
from shiftboard.domain.cases.desk import QueueFilter
from shiftboard.errors import ShiftboardError
from shiftboard.services.cases import CaseInputError, CaseService
from shiftboard.store import Store
from tests.conftest import at

ORDER = {"store": "旗舰店", "order_no": "2026112300123", "item": "T恤 白 L", "quantity": "1",
         "amount": "59.9", "problem": "尺码不合适", "buyer": "张女士", "seven_day": "yes",
         "buyer_phone": "13812345678"}
K = CaseKind


@pytest.fixture
def desk(store, clock):
    return CaseService(store, clock, "Li")


def complaint(desk, kind="soft", **extra):
    return desk.add(K.COMPLAINT, {"store": "旗舰店", "buyer": "王先生", "complaint_kind": kind, **extra})


def test_bad_input_names_every_bad_field_and_stores_nothing(desk, store):
    with pytest.raises(CaseInputError) as caught:
        desk.add(K.AFTER_SALES, {**ORDER, "order_no": "12-34", "quantity": "0", "amount": "5.999"})
    assert {k: e.key for k, e in caught.value.errors.items()} == {
        "order_no": "case.field.digits", "quantity": "case.field.quantity", "amount": "case.field.amount"}
    assert store.cases.live.read() == []
    assert desk.check_field(K.AFTER_SALES, "order_no", "2026x").key == "case.field.digits"


def test_a_new_after_sales_case_waits_for_the_seller(desk, clock):
    case = desk.add(K.AFTER_SALES, {**ORDER, "note": "买家说偏小"})
    assert (case["status"], case["amount"], case["quantity"], case["version"]) == ("awaiting_seller", "59.90", 1, 1)
    assert [e["what"] for e in case["timeline"]] == ["created", "note"]
    assert desk.get(case["id"]) == case


def test_moves_follow_the_flow_and_are_recorded(desk):
    case = desk.add(K.AFTER_SALES, ORDER)
    with pytest.raises(ShiftboardError) as caught:
        desk.move(case["id"], "reject", case["version"])
    assert caught.value.key == "refund.seven_day_agree_first"
    case = desk.move(case["id"], "agree", case["version"])
    case = desk.move(case["id"], "buyer_ships", case["version"], tracking_no="SF1234567890")
    assert (case["status"], case["return_tracking_no"], case["version"]) == ("returned", "SF1234567890", 3)
    assert desk.detail(case["id"]).moves == ("confirm_receipt", "close")
    assert [r["id"] for r in desk.search("sf1234567890")] == [case["id"]]


def test_a_stale_save_is_refused_with_who_and_when_and_nothing_is_lost(desk, store):
    case = desk.add(K.AFTER_SALES, ORDER)
    wang = CaseService(store, FixedClock(at("2026-11-23 10:42")), "Wang")
    wang.edit(case["id"], case["version"], {"amount": "49.90"})
    typed = {"amount": "39.90", "problem": "颜色不对"}
    with pytest.raises(ShiftboardError) as caught:
        desk.edit(case["id"], case["version"], typed)
    assert (caught.value.key, caught.value.params) == ("case.stale", {"by": "Wang", "at": "10:42"})
    assert typed == {"amount": "39.90", "problem": "颜色不对"}  # the caller still holds the input
    stored = desk.get(case["id"])
    assert (stored["amount"], stored["problem"], stored["version"]) == ("49.90", "尺码不合适", 2)
    saved = desk.edit(case["id"], stored["version"], typed)  # looked at their change, saved again
    assert (saved["amount"], saved["version"], saved["timeline"][-1]["fields"]) == ("39.90", 3, ["amount", "problem"])


def test_a_stale_move_names_the_day_when_it_was_not_today(desk, store):
    case = desk.add(K.AFTER_SALES, ORDER)
    CaseService(store, FixedClock(at("2026-11-22 18:05")), "Zhao").note(case["id"], "yesterday")
    with pytest.raises(ShiftboardError) as caught:
        desk.move(case["id"], "agree", case["version"])
    assert caught.value.params == {"by": "Zhao", "at": "11-22 18:05"}


def test_appending_actions_need_no_version_and_keep_the_timeline(desk, clock):
    case = desk.add(K.REVIEW, {"store": "旗舰店", "order_no": "2026112300777", "rating": "bad",
                               "review_text": "质量太差", "remedy": "compensation"})
    assert case["compensation"] == "10.00"  # the policy's default for a bad review
    desk.contact(case["id"], "phone", "no_answer")
    clock.advance(minutes=30)
    desk.contact(case["id"], "chat", "reached", "答应修改")
    for step in ("memo_copied", "purple_flag", "registered"):
        desk.tick(case["id"], step)
    case = desk.move(case["id"], "revised", None)
    attempts = [(e["channel"], e["outcome"]) for e in entries(case, "contact")]
    assert attempts == [("phone", "no_answer"), ("chat", "reached")]
    assert case["status"] == "revised" and case["closed_at"] == clock.now().isoformat()
    with pytest.raises(ShiftboardError):
        desk.contact(case["id"], "pigeon", "reached")


def test_assign_escalate_and_checks(desk):
    case = complaint(desk)
    case = desk.assign(case["id"], "Wang", case["version"])
    case = desk.escalate(case["id"], "主管", "买家要求赔偿")
    assert case["handler"] == "Wang" and case["escalations"][0]["to"] == "主管"
    assert [e["what"] for e in case["timeline"]] == ["created", "assigned", "escalated"]
    with pytest.raises(ShiftboardError) as caught:
        desk.tick(case["id"], "purple_flag")  # complaints have no checks
    assert caught.value.key == "case.bad_choice"


def test_complaint_clocks_are_met_and_follow_up_runs_after_handling(desk, clock):
    case = complaint(desk, "hard")
    clock.advance(minutes=50)
    assert desk.detail(case["id"]).view.urgency is ClockStatus.AT_RISK
    desk.meet(case["id"], "first_response")
    clock.advance(hours=3)
    detail = desk.detail(case["id"])
    assert {d.rule.id: d.status for d in detail.view.deadlines}["second_response"] is ClockStatus.BREACHED
    assert "case.hint.escalate" in detail.hints
    case = desk.move(case["id"], "handle", None)
    follow = {d.rule.id: d for d in desk.detail(case["id"]).view.deadlines}["follow_up_call"]
    assert follow.due == clock.now().add(hours=24)
    with pytest.raises(ShiftboardError):
        desk.meet(case["id"], "lunch")


def test_the_queue_filters_sorts_by_due_time_and_pages(desk, clock):
    soft = complaint(desk)  # due 09:00
    hard = complaint(desk, "hard")  # due 09:45
    for n in range(3):
        desk.add(K.LOGISTICS, {"store": "专卖店", "order_no": f"20261123{n:05d}", "tracking_no": f"YT{n:08d}",
                               "courier": "圆通"})
    page = desk.queue()
    assert [v.case["id"] for v in page.rows[:2]] == [soft["id"], hard["id"]] and page.total == 5
    assert desk.queue(QueueFilter(store="专卖店")).total == 3
    assert desk.queue(QueueFilter(kind="complaint", due_within_minutes=30)).total == 1
    clock.advance(minutes=20)
    assert [v.case["id"] for v in desk.queue(QueueFilter(breached=True)).rows] == [soft["id"]]
    two = desk.queue(size=2, page=2)
    assert (len(two.rows), two.pages, two.total) == (1, 3, 5)
    assert desk.open_count(K.LOGISTICS) == 3


def test_due_soon_puts_breached_first_and_only_running_clocks(desk, clock):
    desk.add(K.LOGISTICS, {"store": "A", "order_no": "2026112300001", "tracking_no": "YT00000001", "courier": "圆通"})
    later = desk.add(K.AFTER_SALES, {**ORDER, "confirm_by": "2026-11-24 20:00"})
    first = complaint(desk)
    callback = desk.add(K.REVIEW, {"store": "A", "order_no": "2026112300002", "rating": "middle",
                                   "review_text": "一般", "promised_at": "11:00"})
    clock.advance(minutes=16)
    soon = desk.due_soon()
    assert [v.case["id"] for v in soon] == [first["id"], callback["id"], later["id"]]
    assert soon[0].urgency is ClockStatus.BREACHED


def test_search_finds_a_case_closed_in_an_earlier_month(tmp_path):
    clock = FixedClock(at("2026-10-20 09:00"))
    store = Store(tmp_path, clock)
    desk = CaseService(store, clock, "Li")
    case = desk.add(K.AFTER_SALES, ORDER)
    desk.move(case["id"], "close", case["version"])
    clock.at = at("2026-11-02 09:00")
    store.maintain()  # the first command of the next day moves yesterday's closed cases out
    assert store.cases.live.read() == [] and store.cases.periods() == ["2026-10"]
    found = desk.search("2026112300123")
    assert [(c["id"], c["period"], c["status"]) for c in found] == [(case["id"], "2026-10", "closed")]
    assert desk.search("张女士")[0]["id"] == case["id"]
    assert desk.detail(case["id"]).period == "2026-10"
    with pytest.raises(ShiftboardError) as caught:
        desk.note(case["id"], "too late")
    assert caught.value.key == "case.unknown_open"


def test_a_reveal_is_recorded_even_on_an_archived_case(tmp_path):
    clock = FixedClock(at("2026-10-20 09:00"))
    store = Store(tmp_path, clock)
    desk = CaseService(store, clock, "Li")
    case = desk.add(K.AFTER_SALES, ORDER)
    assert desk.reveal(case["id"], "buyer_phone") == "13812345678"
    assert desk.get(case["id"])["version"] == 1  # a look changes nothing: no one's edit goes stale
    desk.move(case["id"], "close", None)
    clock.at = at("2026-11-02 09:00")
    store.maintain()
    CaseService(store, clock, "Wang").reveal(case["id"], "buyer_phone")
    seen = [(e["by"], e["field"]) for e in entries(desk.get(case["id"]), "revealed")]
    assert seen == [("Li", "buyer_phone"), ("Wang", "buyer_phone")]
    with pytest.raises(ShiftboardError):
        desk.reveal(case["id"], "order_no")


def test_the_return_register_has_totals_per_store_and_day(tmp_path):
    clock = FixedClock(at("2026-10-30 15:00"))
    store = Store(tmp_path, clock)
    desk = CaseService(store, clock, "Li")
    parcels = [("旗舰店", 2, "restock"), ("旗舰店", 1, "write_off"), ("专卖店", 3, None)]
    for n, (shop, quantity, move) in enumerate(parcels):
        entry = desk.add(K.RETURN, {"store": shop, "item": "T恤", "quantity": str(quantity), "problem": "破损",
                                    "return_tracking_no": f"SF00000000{n}"})
        if move:
            desk.move(entry["id"], move, entry["version"])
    clock.at = at("2026-11-02 09:00")
    store.maintain()  # two entries archived, one still waiting in the live shards
    found, totals = desk.register("2026-10-30", "2026-10-31")
    assert len(found) == 3
    assert [(t.store, t.entries, t.quantity, t.restocked, t.loss, t.waiting) for t in totals] == [
        ("专卖店", 1, 3, 0, 0, 3), ("旗舰店", 2, 3, 2, 1, 0)]
    assert desk.register("2026-10-30", "2026-10-30", store="专卖店")[1][0].quantity == 3
    with pytest.raises(ShiftboardError):
        desk.register("2026-10-31", "2026-10-01")


def test_a_broken_team_policy_keeps_the_last_good_one(desk, store):
    complaint(desk)
    assert desk.queue().total == 1
    (store.root / "policy.toml").write_text("at_risk_minutes = 0\n", encoding="utf-8")
    assert desk.queue().total == 1 and desk.policy_problem.key == "error.policy_invalid"
    fresh = CaseService(store, desk.clock, "Li")
    with pytest.raises(ShiftboardError):
        fresh.queue()


def test_changing_the_promised_time_moves_its_clock(desk, clock):
    case = complaint(desk, "callback", promised_at="09:30")
    case = desk.edit(case["id"], case["version"], {"promised_at": "11:00"})
    assert case["events"]["promised"] == at("2026-11-23 11:00").isoformat()
    assert desk.detail(case["id"]).view.due == at("2026-11-23 11:00")


def _save_in_another_process(root, case_id, agent, start, results):
    from shiftboard.clock import FixedClock as Fixed

    store = Store(root, Fixed(at("2026-11-23 09:00")))
    start.wait()
    try:
        CaseService(store, store.clock, agent).move(case_id, "agree", 1)
        results.put((agent, "saved"))
    except ShiftboardError as error:
        results.put((agent, error.key))


def test_two_agents_saving_the_same_version_at_once_one_wins(desk, store):
    import multiprocessing

    case = desk.add(K.AFTER_SALES, ORDER)
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=_save_in_another_process, args=(store.root, case["id"], agent, start, results))
               for agent in ("Wang", "Zhao")]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(30)
    outcomes = sorted(results.get(timeout=5)[1] for _ in workers)
    assert outcomes == ["case.stale", "saved"]
    stored = desk.get(case["id"])
    assert stored["version"] == 2 and [e["what"] for e in stored["timeline"]] == ["created", "moved"]
