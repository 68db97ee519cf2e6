"""What one case adds to the day-by-day counts reports are made of.

A case's contribution is a pure function of the record: counters under the day they
happened (opened on the day it was created, closed on the day it closed), per store and
agent, and for a closed complaint the times its clocks ran from and were met (the policy
judges them when the report is read, so a team's edit of its clock spans needs no recount).
The store keeps the sum of every case's contribution per day, up to date on each write:
subtracting a case's old contribution and adding its new one. A report reads a few small
day files instead of every case, and a full recount must give the same sums (a test checks).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from shiftboard.domain.cases.model import CaseKind, FINAL_STATUSES

#: Goes up whenever what a case contributes changes: kept summaries are then recounted.
VERSION = 1
#: Slot separator: a slot is "store<TAB>agent" (neither may hold a tab once sanitised on input).
SEP = "\t"
#: The fields whose emptiness is counted, per kind: the ones a team's completeness file may
#: ask for (a record's full name and site/address, its order number …).
CANDIDATES: dict[str, tuple[str, ...]] = {
    CaseKind.AFTER_SALES: ("buyer", "buyer_phone", "buyer_address", "order_no", "after_sales_no", "item",
                           "quantity", "amount", "problem", "result", "rating"),
    CaseKind.RETURN: ("buyer", "item", "quantity", "problem", "return_tracking_no", "case_ref"),
    CaseKind.REVIEW: ("buyer", "buyer_phone", "order_no", "rating", "review_text", "remedy", "reason"),
    CaseKind.COMPLAINT: ("buyer", "buyer_phone", "buyer_address", "order_no", "problem", "channel", "involved"),
    CaseKind.LOGISTICS: ("buyer", "order_no", "tracking_no", "courier", "courier_agent_id", "result"),
    CaseKind.STOCK_NOTICE: ("buyer", "buyer_phone", "order_no", "item", "alternative"),
}

Counts = dict[str, dict[str, dict[str, int]]]  # day → slot → metric → n
Clocks = dict[str, dict[str, list]]  # day → case id → clock fact


def slot(store: object, agent: object) -> str:
    return f"{store or '-'}{SEP}{agent or '-'}"


def cents(value: object) -> int:
    """Yuan as stored ("12.50") in whole cents; 0 when it is not an amount."""
    try:
        return int(Decimal(str(value)) * 100)
    except (InvalidOperation, ValueError):
        return 0


def empty_fields(case: dict) -> str:
    """The counted fields this record leaves empty, comma-joined (the completeness signature)."""
    return ",".join(name for name in CANDIDATES.get(case.get("kind"), ()) if case.get(name) in (None, ""))


def _opened(case: dict) -> dict[str, int]:
    kind = case["kind"]
    found = {f"opened.{kind}": 1, f"fields.{kind}.{empty_fields(case)}": 1}
    if kind == CaseKind.COMPLAINT:
        found[f"complaint.{case.get('complaint_kind') or '-'}"] = 1
    if kind == CaseKind.RETURN:
        found["return.received"] = int(case.get("quantity") or 0)
    return found


def _closed(case: dict) -> dict[str, int]:
    kind, status = case["kind"], case["status"]
    found = {f"closed.{kind}": 1}
    if kind == CaseKind.AFTER_SALES:
        found[f"as.{status}"] = 1
        if status == "refunded":
            found["as.refunded_cents"] = cents(case.get("amount"))
        if str(case.get("rating") or "") in "12345" and case.get("rating"):
            found[f"as.rating.{case['rating']}"] = 1
    elif kind == CaseKind.REVIEW:
        found[f"review.{status}"] = 1
        if any(entry.get("what") == "contact" for entry in case.get("timeline", ())):
            found["review.contacted"] = 1
        if case.get("remedy") == "compensation":
            found["review.compensated"] = 1
            found["review.compensation_cents"] = cents(case.get("compensation"))
    elif kind == CaseKind.RETURN:
        found[f"return.{status}"] = int(case.get("quantity") or 0)
    return found


def contribution(case: dict | None) -> tuple[Counts, Clocks]:
    """The counters (and closed-complaint clock facts) `case` adds, by day."""
    counts: Counts = {}
    clocks: Clocks = {}
    if not case or case.get("kind") not in FINAL_STATUSES or not case.get("created_at"):
        return counts, clocks
    where = slot(case.get("store"), case.get("handler"))
    _add(counts, case["created_at"][:10], where, _opened(case))
    closed = case.get("closed_at")
    if closed and case.get("status") in FINAL_STATUSES[CaseKind(case["kind"])]:
        day = closed[:10]
        _add(counts, day, where, _closed(case))
        if case["kind"] == CaseKind.COMPLAINT:
            if case.get("involved"):  # the agent the complaint is about: a verified complaint
                _add(counts, day, slot(case.get("store"), case["involved"]), {"complaint.verified": 1})
            clocks.setdefault(day, {})[case["id"]] = clock_fact(case)
    return counts, clocks


def clock_fact(case: dict) -> list:
    """[store, handler, complaint kind, events, clocks met, closed at]: enough to judge its
    clocks against any policy."""
    return [case.get("store") or "-", case.get("handler") or "-", case.get("complaint_kind") or "-",
            dict(case.get("events", {})), dict(case.get("clocks_met", {})), case["closed_at"]]


def _add(counts: Counts, day: str, where: str, metrics: dict[str, int], sign: int = 1) -> None:
    bucket = counts.setdefault(day, {}).setdefault(where, {})
    for metric, n in metrics.items():
        bucket[metric] = bucket.get(metric, 0) + sign * n


def delta(before: dict | None, after: dict | None) -> tuple[Counts, dict[str, dict[str, list | None]]]:
    """What a write changes: counters to add (negative to take away) and clock facts to set
    (None: to drop), by day. Unchanged days are left out."""
    old_counts, old_clocks = contribution(before)
    new_counts, new_clocks = contribution(after)
    counts: Counts = {}
    for day, slots in old_counts.items():
        for where, metrics in slots.items():
            _add(counts, day, where, metrics, -1)
    for day, slots in new_counts.items():
        for where, metrics in slots.items():
            _add(counts, day, where, metrics)
    counts = {day: kept for day, slots in counts.items()
              if (kept := {w: m for w, ms in slots.items() if (m := {k: n for k, n in ms.items() if n})})}
    clocks: dict[str, dict[str, list | None]] = {}
    for day, facts in old_clocks.items():
        for case_id in facts:
            clocks.setdefault(day, {})[case_id] = None
    for day, facts in new_clocks.items():
        for case_id, fact in facts.items():
            if old_clocks.get(day, {}).get(case_id) == fact:
                clocks[day].pop(case_id)
            else:
                clocks.setdefault(day, {})[case_id] = fact
    return counts, {day: facts for day, facts in clocks.items() if facts}
