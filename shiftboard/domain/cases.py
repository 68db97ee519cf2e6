"""One Case model for every kind of work on the desk, its input rules, and personal-data masks.

A case is a plain record (a dict, as stored). `validate_input` checks what an agent typed
and returns the clean values plus a message key per bad field, so a form can say what is
wrong beside each field. Timeline entries are appended, never changed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from pendulum import DateTime

from shiftboard.domain.refund import FINAL, RefundState


class CaseKind(StrEnum):
    AFTER_SALES = "after_sales"  # refund / return / exchange / repair 售后
    REVIEW = "review"  # middle or bad review follow-up 中差评
    COMPLAINT = "complaint"  # 投诉
    LOGISTICS = "logistics"  # 快件跟踪
    STOCK_NOTICE = "stock_notice"  # out of stock / cannot ship today


COMMON = ("store", "order_no", "buyer", "buyer_phone", "buyer_address", "handler", "note")
FIELDS: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.AFTER_SALES: ("after_sales_no", "item", "quantity", "amount", "problem", "source",
                           "seven_day", "return_tracking_no"),
    CaseKind.REVIEW: ("rating", "review_text"),
    CaseKind.COMPLAINT: ("complaint_kind", "promised_at"),
    CaseKind.LOGISTICS: ("tracking_no", "courier", "courier_agent_id"),
    CaseKind.STOCK_NOTICE: ("item", "problem"),
}
REQUIRED: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.AFTER_SALES: ("store", "order_no", "item", "quantity", "problem"),
    CaseKind.REVIEW: ("store", "order_no", "rating", "review_text"),
    CaseKind.COMPLAINT: ("store", "buyer", "complaint_kind"),
    CaseKind.LOGISTICS: ("store", "order_no", "tracking_no", "courier"),
    CaseKind.STOCK_NOTICE: ("store", "order_no", "item", "problem"),
}
RATINGS = ("middle", "bad")
COMPLAINT_KINDS = ("soft", "hard", "quality", "repair", "callback")
#: The fields a search looks in (DOMAIN: order no., after-sales no., tracking no., buyer).
SEARCHABLE = ("order_no", "after_sales_no", "tracking_no", "return_tracking_no", "buyer")

_DIGITS = re.compile(r"^\d{6,24}$")
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def validate_input(kind: CaseKind, values: dict[str, object]) -> tuple[dict, dict[str, str]]:
    """Clean the typed values of a case of `kind`; return (clean, {field: message key})."""
    allowed = set(COMMON) | set(FIELDS[kind])
    clean: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, raw in values.items():
        if name not in allowed:
            errors[name] = "case.field.unknown"
            continue
        value = raw.strip() if isinstance(raw, str) else raw
        if value in ("", None):
            continue
        problem, value = _check(name, value)
        if problem:
            errors[name] = problem
        else:
            clean[name] = value
    for name in REQUIRED[kind]:
        if name not in clean and name not in errors:
            errors[name] = "case.field.required"
    return clean, errors


def _check(name: str, value: object) -> tuple[str | None, object]:
    """One field's rule: (message key or None, the clean value)."""
    text = str(value)
    if name in ("order_no", "after_sales_no") and not _DIGITS.match(text):
        return "case.field.digits", value
    if name == "quantity":
        return ("case.field.quantity", value) if not text.isdigit() or int(text) < 1 else (None, int(text))
    if name == "amount":
        if not _AMOUNT.match(text):
            return "case.field.amount", value
        try:
            return None, str(Decimal(text).quantize(Decimal("0.01")))
        except InvalidOperation:
            return "case.field.amount", value
    if name == "buyer_phone" and not re.fullmatch(r"\+?\d{7,15}", text.replace(" ", "").replace("-", "")):
        return "case.field.phone", value
    if name == "rating" and text not in RATINGS:
        return "case.field.rating", value
    if name == "complaint_kind" and text not in COMPLAINT_KINDS:
        return "case.field.complaint_kind", value
    if name == "seven_day":
        return None, text.lower() in ("1", "true", "yes", "y", "是")
    return None, value


def new_case(case_id: str, kind: CaseKind, clean: dict, agent: str, now: DateTime) -> dict:
    """A new case record from validated input, its timeline opened."""
    case = {"id": case_id, "kind": kind.value, **clean, "handler": clean.get("handler") or agent,
            "created_at": now.isoformat(), "created_by": agent, "version": 1,
            "updated_at": now.isoformat(), "updated_by": agent, "timeline": [], "closed_at": None}
    if kind is CaseKind.AFTER_SALES:
        case["status"] = RefundState.AWAITING_SELLER.value
    else:
        case["status"] = "open"
    if kind is CaseKind.COMPLAINT:
        case["events"] = {"opened": now.isoformat()}
        if clean.get("promised_at"):
            case["events"]["promised"] = clean["promised_at"]
    return append(case, agent, now, "created")


def append(case: dict, agent: str, now: DateTime, what: str, **detail: object) -> dict:
    """Add one entry to the case's timeline (append-only) and mark who changed it when."""
    case.setdefault("timeline", []).append({"at": now.isoformat(), "by": agent, "what": what, **detail})
    case["updated_at"], case["updated_by"] = now.isoformat(), agent
    return case


def is_closed(case: dict) -> bool:
    if case.get("kind") == CaseKind.AFTER_SALES.value:
        return case.get("status") in {s.value for s in FINAL}
    return case.get("status") == "closed"


def mask_phone(phone: str) -> str:
    """138****5678: the middle hidden, enough left to recognise the number on a call."""
    digits = phone.replace(" ", "").replace("-", "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(address: str) -> str:
    """Keep the region (first 6 characters), hide the street and number."""
    return address[:6] + "****" if len(address) > 6 else "****"
