"""A fixed, hand-made fortnight of a team's cases for the report tests (golden files, KPI,
completeness): every record made through the case desk's own service, at known times."""

from __future__ import annotations

from shiftboard.clock import FixedClock
from shiftboard.domain.cases.model import CaseKind
from shiftboard.services.cases import CaseService
from shiftboard.store import Store
from tests.conftest import at

K = CaseKind
FULL = {"buyer": "张三", "buyer_address": "上海市浦东新区世纪大道100号", "buyer_phone": "13812345678"}


def _desk(store: Store, clock: FixedClock, agent: str) -> CaseService:
    return CaseService(store, clock, agent)


def after_sales(desk: CaseService, store_name: str, order: str, amount: str, ending: str, full: bool = True,
                rating: str | None = None) -> dict:
    values = {"store": store_name, "order_no": order, "item": "连衣裙 M", "quantity": "1", "problem": "尺码偏大",
              "amount": amount, **(FULL if full else {"buyer": "李四"})}
    if rating:
        values["rating"] = rating
    case = desk.add(K.AFTER_SALES, values)
    steps = {"refunded": ["agree", "buyer_ships", "confirm_receipt", "finance_confirms"], "closed": ["close"],
             "open": []}[ending]
    for step in steps:
        desk.clock.advance(minutes=30)
        case = desk.move(case["id"], step, None, tracking_no="SF1234567890" if step == "buyer_ships" else None)
    return case


def complaint(desk: CaseService, kind: str, involved: str | None, answer_after: int | None,
              close: bool = True, close_after: int = 20) -> dict:
    values = {"store": "旗舰店", "buyer": "王女士", "complaint_kind": kind, "problem": "客服态度差",
              "buyer_phone": "13900001111"}
    if involved:
        values["involved"] = involved
    case = desk.add(K.COMPLAINT, values)
    if answer_after is not None:
        desk.clock.advance(minutes=answer_after)
        case = desk.meet(case["id"], "first_response")
    if close:
        desk.clock.advance(minutes=close_after)
        case = desk.move(case["id"], "close", None)
    return case


def review(desk: CaseService, outcome: str, compensation: bool) -> dict:
    values = {"store": "专卖店", "order_no": "20261103000009", "rating": "bad", "review_text": "物流太慢",
              "buyer": "赵六"}
    if compensation:
        values["remedy"] = "compensation"
    case = desk.add(K.REVIEW, values)
    desk.contact(case["id"], "phone", "reached")
    for check in ("memo_copied", "purple_flag", "registered"):
        desk.tick(case["id"], check)
    desk.clock.advance(minutes=10)
    return desk.move(case["id"], outcome, None)


def returned(desk: CaseService, quantity: str, ending: str) -> dict:
    case = desk.add(K.RETURN, {"store": "专卖店", "item": "跑步鞋 42", "quantity": quantity, "problem": "鞋底开胶",
                               "return_tracking_no": "YT9876543210"})
    return desk.move(case["id"], ending, None)


def fill(store: Store) -> None:
    """Two weeks of November 2026 (W45, W46) for 李娜 and 王磊 in two stores."""
    clock = FixedClock(at("2026-11-02 09:00"))
    li, wang = _desk(store, clock, "李娜"), _desk(store, clock, "王磊")
    after_sales(li, "旗舰店", "20261102000001", "99.00", "refunded", rating="5")
    after_sales(li, "旗舰店", "20261102000002", "120.50", "closed", full=False)
    after_sales(wang, "专卖店", "20261102000003", "58.00", "refunded", rating="1")
    complaint(li, "soft", "王磊", answer_after=10)  # first response on time
    complaint(wang, "soft", None, answer_after=40)  # late
    returned(wang, "2", "restock")
    returned(wang, "1", "write_off")
    clock.at = at("2026-11-10 10:00")  # week 46
    review(li, "revised", compensation=True)
    review(wang, "not_revised", compensation=False)
    after_sales(wang, "专卖店", "20261110000004", "300.00", "refunded", full=False, rating="2")
    complaint(li, "hard", None, answer_after=None, close_after=90)  # no first response within 1 h: missed
    complaint(wang, "soft", None, answer_after=None, close=False)  # still open: breached by now
    after_sales(li, "旗舰店", "20261110000005", "45.00", "open")
