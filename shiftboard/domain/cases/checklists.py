"""The things an agent ticks off on a case, and which of them must be done before it closes.

- a review: copy its text into the order memo, set the order's flag to purple, register it
  in the review sheet (DOMAIN §3 step 1);
- a damage or loss claim: the evidence the courier asks for (DOMAIN §2);
- a stock/shipping notice: the buyer contacted; an alternative style offered (out of stock,
  never just "sold out") or the order pulled back from the warehouse (cannot ship today).
"""

from __future__ import annotations

from shiftboard.domain.cases.model import CaseKind

REVIEW_STEPS = ("memo_copied", "purple_flag", "registered")
EVIDENCE = ("transaction", "waybill_copy", "sender_id_copy", "damage_photos", "ship_date",
            "delivery_region", "tracking_no", "delivery_result", "item_value", "courier_agent_id")
STOCK_STEPS = ("buyer_contacted", "alternative_offered", "pulled_back")

CHECKS: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.REVIEW: REVIEW_STEPS,
    CaseKind.LOGISTICS: EVIDENCE,
    CaseKind.STOCK_NOTICE: STOCK_STEPS,
}


def checks_of(case: dict) -> tuple[str, ...]:
    """The check names a case of this kind offers."""
    return CHECKS.get(CaseKind(case["kind"]), ())


def required_checks(case: dict) -> tuple[str, ...]:
    """The checks that must be ticked before the case may close, as it stands now."""
    kind = CaseKind(case["kind"])
    if kind is CaseKind.REVIEW:
        return REVIEW_STEPS
    if kind is CaseKind.LOGISTICS:  # a damage or loss: the courier's evidence first
        return EVIDENCE if case.get("status") == "claim" or case.get("damage") else ()
    if kind is CaseKind.STOCK_NOTICE:
        second = "pulled_back" if case.get("notice") == "cannot_ship" else "alternative_offered"
        return ("buyer_contacted", second)
    return ()


#: Evidence a logistics case already holds in its fields: ticked for the agent.
EVIDENCE_FIELDS = {"tracking_no": "tracking_no", "courier_agent_id": "courier_agent_id"}


def done_checks(case: dict) -> set[str]:
    """The checks ticked by hand, and the evidence the case's own fields already give."""
    done = set(case.get("checks", {}))
    if CaseKind(case["kind"]) is CaseKind.LOGISTICS:
        done |= {check for check, field in EVIDENCE_FIELDS.items() if case.get(field)}
    return done


def missing_checks(case: dict) -> list[str]:
    done = done_checks(case)
    return [name for name in required_checks(case) if name not in done]
