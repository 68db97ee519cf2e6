"""A synthetic year of a team's cases: realistic records made by the domain's own functions.

Closed cases spread over the 12 months before `now` (each taken through its kind's flow to
the end: timelines, checks, clocks met), and open ones from the last three days. Repeat
buyers and several after-sales requests on one order, as in life.
"""

from __future__ import annotations

import random

import pendulum
from pendulum import DateTime

from shiftboard.domain.cases.model import CaseKind, append, new_case
from shiftboard.domain.cases.flows import INITIAL, apply_move

STORES = ["旗舰店", "专卖店", "天猫旗舰店", "Douyin 小店", "Kuaishou 店"]
AGENTS = ["李娜", "王磊", "Chen", "赵敏"]
ITEMS = ["连衣裙 M 藏青", "跑步鞋 42 白灰", "羽绒服 L 黑", "纯棉 T 恤 白 L", "保温杯 500ml", "空气炸锅 4.5L"]
PROBLEMS = ["尺码偏大", "尺码偏小", "质量问题", "漏发赠品", "颜色与图片不符", "七天无理由"]
KINDS = [CaseKind.AFTER_SALES] * 8 + [CaseKind.RETURN] * 3 + [CaseKind.REVIEW] * 3 + [CaseKind.COMPLAINT] * 2 \
    + [CaseKind.LOGISTICS] * 3 + [CaseKind.STOCK_NOTICE]
#: Moves that take each kind of case to its end (guards satisfied by `_ready`).
CLOSING = {
    CaseKind.AFTER_SALES: ["agree", "buyer_ships", "confirm_receipt", "finance_confirms"],
    CaseKind.RETURN: ["restock"], CaseKind.REVIEW: ["revised"], CaseKind.COMPLAINT: ["handle", "close"],
    CaseKind.LOGISTICS: ["reply", "close"], CaseKind.STOCK_NOTICE: ["close"],
}


class Maker:
    """Makes cases; remembers recent orders and buyers so some recur."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.orders: list[str] = []
        self.serial = 0

    def _order(self) -> str:
        if self.orders and self.rng.random() < 0.1:
            return self.rng.choice(self.orders[-200:])  # another request on a recent order
        order = str(self.rng.randint(10**15, 10**16 - 1))
        self.orders.append(order)
        return order

    def _fields(self, kind: CaseKind) -> dict:
        rng = self.rng
        fields = {"store": rng.choice(STORES), "order_no": self._order(), "buyer": f"buyer{rng.randint(1, 40_000)}",
                  "buyer_phone": f"13{rng.randint(100_000_000, 999_999_999)}", "item": rng.choice(ITEMS),
                  "quantity": rng.randint(1, 3), "problem": rng.choice(PROBLEMS)}
        if kind is CaseKind.AFTER_SALES:
            fields.update(after_sales_no=str(rng.randint(10**12, 10**13 - 1)), amount=f"{rng.randint(10, 900)}.00",
                          request="return_refund", seven_day=fields["problem"] == "七天无理由")
        elif kind is CaseKind.RETURN:
            fields["return_tracking_no"] = f"SF{rng.randint(10**11, 10**12 - 1)}"
        elif kind is CaseKind.REVIEW:
            fields.update(rating=rng.choice(["middle", "bad"]), review_text="物流太慢了，东西还行")
        elif kind is CaseKind.COMPLAINT:
            fields["complaint_kind"] = rng.choice(["soft", "hard", "quality", "repair"])
        elif kind is CaseKind.LOGISTICS:
            fields.update(tracking_no=f"YT{rng.randint(10**12, 10**13 - 1)}", courier="圆通",
                          courier_agent_id=str(rng.randint(100, 9999)), result="地址已改，已派送")
        else:
            fields["notice"] = "out_of_stock"
        return fields

    def case(self, kind: CaseKind, opened: DateTime, closed: bool) -> dict:
        self.serial += 1
        agent = self.rng.choice(AGENTS)
        case_id = f"{opened.format('YYYYMMDDHHmmss')}{self.serial:08d}"
        case = new_case(case_id, kind, self._fields(kind), INITIAL[kind], agent, opened)
        if not closed:
            return case
        _ready(case, agent, opened)
        at = opened
        for move in CLOSING[kind]:
            at = at.add(minutes=self.rng.randint(20, 600))
            apply_move(case, move, agent, at, tracking_no=f"SF{self.rng.randint(10**11, 10**12 - 1)}")
        case["version"] = len(case["timeline"])
        return case


def _ready(case: dict, agent: str, at: DateTime) -> None:
    """What a closing case had done before it closed: contact attempt, checks, a note."""
    stamp = {"at": at.isoformat(), "by": agent}
    if case["kind"] == CaseKind.REVIEW:
        append(case, agent, at, "contact", channel="phone", outcome="reached")
        case["checks"] = {name: stamp for name in ("memo_copied", "purple_flag", "registered")}
    elif case["kind"] == CaseKind.STOCK_NOTICE:
        case["checks"] = {name: stamp for name in ("buyer_contacted", "alternative_offered")}
    append(case, agent, at, "note", text="已联系买家")


def year_of_cases(now: DateTime, closed: int, open_count: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """`closed` cases closed across the 12 months before `now`'s month, `open_count` opened
    over the last three days and still open."""
    maker = Maker(seed)
    first = now.start_of("month").subtract(months=12)
    span = (now.start_of("month") - first).total_seconds()
    done = []
    for n in range(closed):
        opened = first.add(seconds=int(span * n / closed))
        done.append(maker.case(maker.rng.choice(KINDS), opened, closed=True))
    waiting = [maker.case(maker.rng.choice(KINDS), now.subtract(minutes=maker.rng.randint(1, 3 * 24 * 60)), False)
               for _ in range(open_count)]
    return done, waiting


if __name__ == "__main__":  # a quick look at what is made
    import json

    made = year_of_cases(pendulum.datetime(2026, 11, 23, 9, tz="Asia/Shanghai"), 3, 1)
    print(json.dumps(made, ensure_ascii=False, indent=1)[:3000])
