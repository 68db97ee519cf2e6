"""What an agent may type into a case, per kind, and the rule each field follows.

`validate_input` checks a whole form and returns the clean values plus a `FieldError` per
bad field, so a form can say what is wrong beside each field; `check_field` checks one field
as it is typed. Both return message keys, never text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

import pendulum
from pendulum import DateTime

from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.cases.refund import Request
from shiftboard.errors import ShiftboardError


class Rule(StrEnum):
    TEXT = "text"
    DIGITS = "digits"  # order and after-sales numbers: digits only
    TRACKING = "tracking"  # waybill numbers: letters and digits
    QUANTITY = "quantity"  # a whole number, 1 or more
    AMOUNT = "amount"  # money: 0 or more, two decimals at most
    PHONE = "phone"
    CHOICE = "choice"
    FLAG = "flag"  # yes / no
    TIME = "time"  # a date and time, or HH:MM today


@dataclass(frozen=True)
class FieldSpec:
    name: str
    rule: Rule
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldError:
    key: str
    params: dict = field(default_factory=dict)


RATINGS = ("middle", "bad")
COMPLAINT_KINDS = ("soft", "hard", "quality", "repair", "callback")
NOTICES = ("out_of_stock", "cannot_ship")
REMEDIES = ("return_exchange", "free_exchange", "vip", "gift", "free_shipping", "coupon", "compensation")
STARS = ("1", "2", "3", "4", "5")

_T, _C = Rule.TEXT, Rule.CHOICE
COMMON = (FieldSpec("store", _T), FieldSpec("order_no", Rule.DIGITS), FieldSpec("buyer", _T),
          FieldSpec("buyer_phone", Rule.PHONE), FieldSpec("buyer_address", _T), FieldSpec("handler", _T),
          FieldSpec("source", _T), FieldSpec("promised_at", Rule.TIME), FieldSpec("note", _T))
FIELDS: dict[CaseKind, tuple[FieldSpec, ...]] = {
    CaseKind.AFTER_SALES: (
        FieldSpec("request", _C, tuple(Request)), FieldSpec("after_sales_no", Rule.DIGITS),
        FieldSpec("item", _T), FieldSpec("quantity", Rule.QUANTITY), FieldSpec("amount", Rule.AMOUNT),
        FieldSpec("problem", _T), FieldSpec("seven_day", Rule.FLAG), FieldSpec("quality", Rule.FLAG),
        FieldSpec("postage_paid", Rule.FLAG), FieldSpec("return_tracking_no", Rule.TRACKING),
        FieldSpec("confirm_by", Rule.TIME), FieldSpec("result", _T), FieldSpec("rating", _C, STARS)),
    CaseKind.RETURN: (
        FieldSpec("item", _T), FieldSpec("quantity", Rule.QUANTITY), FieldSpec("problem", _T),
        FieldSpec("return_tracking_no", Rule.TRACKING), FieldSpec("case_ref", _T)),
    CaseKind.REVIEW: (
        FieldSpec("rating", _C, RATINGS), FieldSpec("review_text", _T), FieldSpec("remedy", _C, REMEDIES),
        FieldSpec("compensation", Rule.AMOUNT), FieldSpec("reason", _T)),
    CaseKind.COMPLAINT: (
        FieldSpec("complaint_kind", _C, COMPLAINT_KINDS), FieldSpec("problem", _T), FieldSpec("channel", _T),
        FieldSpec("involved", _T), FieldSpec("final_at", Rule.TIME)),
    CaseKind.LOGISTICS: (
        FieldSpec("tracking_no", Rule.TRACKING), FieldSpec("courier", _T), FieldSpec("courier_agent_id", _T),
        FieldSpec("result", _T), FieldSpec("damage", Rule.FLAG)),
    CaseKind.STOCK_NOTICE: (
        FieldSpec("notice", _C, NOTICES), FieldSpec("item", _T), FieldSpec("quantity", Rule.QUANTITY),
        FieldSpec("problem", _T), FieldSpec("alternative", _T)),
}
REQUIRED: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.AFTER_SALES: ("store", "order_no", "item", "quantity", "problem"),
    CaseKind.RETURN: ("store", "item", "quantity", "problem", "return_tracking_no"),
    CaseKind.REVIEW: ("store", "order_no", "rating", "review_text"),
    CaseKind.COMPLAINT: ("store", "buyer", "complaint_kind"),
    CaseKind.LOGISTICS: ("store", "order_no", "tracking_no", "courier"),
    CaseKind.STOCK_NOTICE: ("store", "order_no", "item"),
}
#: Values a form starts with when the agent leaves them empty.
DEFAULTS: dict[CaseKind, dict[str, object]] = {
    CaseKind.AFTER_SALES: {"request": Request.RETURN_REFUND.value},
    CaseKind.STOCK_NOTICE: {"notice": "out_of_stock"},
}

_DIGITS = re.compile(r"^\d{6,24}$")
_TRACKING = re.compile(r"^[A-Za-z0-9]{6,30}$")
_AMOUNT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
_PHONE = re.compile(r"^\+?\d{7,15}$")
_CLOCK_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_YES, _NO = {"1", "true", "yes", "y", "是", "on"}, {"0", "false", "no", "n", "否", "off"}


def fields_of(kind: CaseKind) -> tuple[FieldSpec, ...]:
    """The fields of a case of `kind`, common ones first (a form builds its inputs from these)."""
    return COMMON + FIELDS[kind]


def spec_of(kind: CaseKind, name: str) -> FieldSpec | None:
    return next((spec for spec in fields_of(kind) if spec.name == name), None)


def check_field(kind: CaseKind, name: str, raw: object, now: DateTime) -> tuple[FieldError | None, object]:
    """One field as typed: (its problem or None, the clean value; None when left empty)."""
    spec = spec_of(kind, name)
    if spec is None:
        return FieldError("case.field.unknown"), None
    value = raw.strip() if isinstance(raw, str) else raw
    if isinstance(value, str) and spec.rule not in (Rule.TEXT, Rule.CHOICE):
        value = unicodedata.normalize("NFKC", value)  # full-width digits (１２３) as typed by IMEs
    if value in ("", None):
        return (FieldError("case.field.required") if name in REQUIRED[kind] else None), None
    return _RULES[spec.rule](spec, value, now)


def clean_tracking(raw: object) -> str:
    """A return tracking number as given to a move: cleaned like the form's field, or refused."""
    problem, value = check_field(CaseKind.AFTER_SALES, "return_tracking_no", raw, None)
    if problem is not None or value is None:
        raise ShiftboardError("case.bad_tracking", value=str(raw))
    return str(value)


def validate_input(kind: CaseKind, values: dict[str, object], now: DateTime,
                   partial: bool = False) -> tuple[dict, dict[str, FieldError]]:
    """Clean a form of `kind`: (clean values, {field: problem}).

    `partial`: an edit — only the fields given are checked, and an emptied optional field
    comes back as None (to clear it).
    """
    clean: dict[str, object] = {} if partial else dict(DEFAULTS.get(kind, {}))
    errors: dict[str, FieldError] = {}
    for name, raw in values.items():
        problem, value = check_field(kind, name, raw, now)
        if problem:
            errors[name] = problem
        elif value is not None or partial:
            clean[name] = value
    if not partial:
        for name in REQUIRED[kind]:
            if name not in clean and name not in errors:
                errors[name] = FieldError("case.field.required")
    if kind is CaseKind.COMPLAINT and clean.get("complaint_kind") == "callback" \
            and not clean.get("promised_at") and "promised_at" not in errors and not partial:
        errors["promised_at"] = FieldError("case.field.promise_time")
    return clean, errors


def _text(spec: FieldSpec, value: object, now: DateTime) -> tuple[FieldError | None, object]:
    text = " ".join(str(value).split())
    return (FieldError("case.field.too_long", {"max": 500}), None) if len(text) > 500 else (None, text)


def _pattern(pattern: re.Pattern, key: str):
    def check(spec: FieldSpec, value: object, now: DateTime) -> tuple[FieldError | None, object]:
        text = str(value).replace(" ", "") if spec.rule is not Rule.PHONE else re.sub(r"[\s-]", "", str(value))
        return (None, text) if pattern.match(text) else (FieldError(key), None)
    return check


def _quantity(spec: FieldSpec, value: object, now: DateTime) -> tuple[FieldError | None, object]:
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 99999:
        return FieldError("case.field.quantity"), None
    return None, int(text)


def amount_of(text: str) -> Decimal | None:
    """A money amount as agents type it (up to 9 digits, 2 decimals: never nan, inf or 1e309),
    else None."""
    text = text.strip()
    return Decimal(text).quantize(Decimal("0.01")) if _AMOUNT.match(text) else None


def _amount(spec: FieldSpec, value: object, now: DateTime) -> tuple[FieldError | None, object]:
    amount = amount_of(str(value))
    return (FieldError("case.field.amount"), None) if amount is None else (None, str(amount))


def _choice(spec: FieldSpec, value: object, now: DateTime) -> tuple[FieldError | None, object]:
    text = str(value).strip()
    if text not in spec.choices:
        return FieldError("case.field.choice", {"allowed": ", ".join(spec.choices)}), None
    return None, text


def _flag(spec: FieldSpec, value: object, now: DateTime) -> tuple[FieldError | None, object]:
    if isinstance(value, bool):
        return None, value
    text = str(value).strip().lower()
    if text in _YES | _NO:
        return None, text in _YES
    return FieldError("case.field.flag"), None


def _time(spec: FieldSpec, value: object, now: DateTime) -> tuple[FieldError | None, object]:
    """A date and time in the team's zone, or HH:MM meaning today."""
    text = str(value).strip()
    match = _CLOCK_TIME.match(text)
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return None, now.set(hour=int(match.group(1)), minute=int(match.group(2)), second=0,
                             microsecond=0).isoformat()
    try:
        parsed = pendulum.parse(text, tz=now.timezone_name, strict=False)
    except (ValueError, TypeError, pendulum.parsing.exceptions.ParserError):  # pendulum: TypeError on "10:"
        parsed = None
    if not isinstance(parsed, DateTime):
        return FieldError("case.field.time"), None
    return None, parsed.isoformat()


_RULES = {
    Rule.TEXT: _text, Rule.DIGITS: _pattern(_DIGITS, "case.field.digits"),
    Rule.TRACKING: _pattern(_TRACKING, "case.field.tracking"), Rule.QUANTITY: _quantity,
    Rule.AMOUNT: _amount, Rule.PHONE: _pattern(_PHONE, "case.field.phone"), Rule.CHOICE: _choice,
    Rule.FLAG: _flag, Rule.TIME: _time,
}
