"""What an agent types into a case form: each field's rule, a message key per bad field."""

from __future__ import annotations

import pytest

from shiftboard.domain.cases.form import (COMMON, FIELDS, REQUIRED, FieldError, check_field, fields_of,
                                          validate_input)
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.privacy import mask_address, mask_phone, masked
from tests.conftest import at

NOW = at("2026-11-23 10:00")
K = CaseKind


@pytest.mark.parametrize(("kind", "name", "typed", "clean", "key"), [
    (K.AFTER_SALES, "order_no", "2026112300123", "2026112300123", None),
    (K.AFTER_SALES, "order_no", " 2026 1123 00123 ", "2026112300123", None),
    (K.AFTER_SALES, "order_no", "12-34", None, "case.field.digits"),
    (K.AFTER_SALES, "order_no", "12345", None, "case.field.digits"),  # too short for an order
    (K.AFTER_SALES, "order_no", "ＡＢ123456", None, "case.field.digits"),
    (K.AFTER_SALES, "quantity", "1", 1, None),
    (K.AFTER_SALES, "quantity", "0", None, "case.field.quantity"),
    (K.AFTER_SALES, "quantity", "-2", None, "case.field.quantity"),
    (K.AFTER_SALES, "quantity", "1.5", None, "case.field.quantity"),
    (K.AFTER_SALES, "amount", "0", "0.00", None),
    (K.AFTER_SALES, "amount", "59.9", "59.90", None),
    (K.AFTER_SALES, "amount", "5.999", None, "case.field.amount"),
    (K.AFTER_SALES, "amount", "-1", None, "case.field.amount"),
    (K.AFTER_SALES, "amount", "1e3", None, "case.field.amount"),
    (K.AFTER_SALES, "buyer_phone", "138-1234-5678", "13812345678", None),
    (K.AFTER_SALES, "buyer_phone", "call me", None, "case.field.phone"),
    (K.AFTER_SALES, "return_tracking_no", "SF 1234 5678 90", "SF1234567890", None),
    (K.AFTER_SALES, "return_tracking_no", "SF-12", None, "case.field.tracking"),
    (K.AFTER_SALES, "request", "exchange", "exchange", None),
    (K.AFTER_SALES, "request", "swap", None, "case.field.choice"),
    (K.AFTER_SALES, "seven_day", "是", True, None),
    (K.AFTER_SALES, "seven_day", "no", False, None),
    (K.AFTER_SALES, "seven_day", "maybe", None, "case.field.flag"),
    (K.AFTER_SALES, "confirm_by", "2026-11-25 10:00", "2026-11-25T10:00:00+08:00", None),
    (K.AFTER_SALES, "promised_at", "15:30", "2026-11-23T15:30:00+08:00", None),
    (K.AFTER_SALES, "promised_at", "25:30", None, "case.field.time"),
    (K.AFTER_SALES, "promised_at", "soon", None, "case.field.time"),
    (K.AFTER_SALES, "store", "  旗舰店  ", "旗舰店", None),
    (K.AFTER_SALES, "store", "", None, "case.field.required"),
    (K.AFTER_SALES, "buyer", "", None, None),  # optional and empty: fine
    (K.AFTER_SALES, "review_text", "x", None, "case.field.unknown"),  # not a field of this kind
    (K.REVIEW, "rating", "bad", "bad", None),
    (K.REVIEW, "rating", "terrible", None, "case.field.choice"),
    (K.REVIEW, "review_text", "差" * 501, None, "case.field.too_long"),
])
def test_each_field_as_it_is_typed(kind, name, typed, clean, key):
    problem, value = check_field(kind, name, typed, NOW)
    assert (problem.key if problem else None, value) == (key, clean)


def test_a_whole_form_reports_every_bad_field_at_once():
    clean, errors = validate_input(K.AFTER_SALES, {"store": "A", "order_no": "12-34", "quantity": "0",
                                                   "amount": "5.999", "colour": "red"}, NOW)
    assert {name: e.key for name, e in errors.items()} == {
        "order_no": "case.field.digits", "quantity": "case.field.quantity", "amount": "case.field.amount",
        "colour": "case.field.unknown", "item": "case.field.required", "problem": "case.field.required"}
    assert clean == {"store": "A", "request": "return_refund"}


def test_a_choice_error_names_the_choices():
    _, errors = validate_input(K.STOCK_NOTICE, {"notice": "late"}, NOW, partial=True)
    assert errors["notice"] == FieldError("case.field.choice", {"allowed": "out_of_stock, cannot_ship"})


def test_a_promised_callback_needs_its_time():
    _, errors = validate_input(K.COMPLAINT, {"store": "A", "buyer": "B", "complaint_kind": "callback"}, NOW)
    assert errors == {"promised_at": FieldError("case.field.promise_time")}


def test_an_edit_checks_only_what_changed_and_can_clear_optional_fields():
    clean, errors = validate_input(K.AFTER_SALES, {"amount": "", "buyer": "王"}, NOW, partial=True)
    assert (clean, errors) == ({"amount": None, "buyer": "王"}, {})
    _, errors = validate_input(K.AFTER_SALES, {"store": " "}, NOW, partial=True)
    assert errors == {"store": FieldError("case.field.required")}


def test_every_kind_has_its_fields_and_its_required_ones_exist():
    for kind in CaseKind:
        names = [spec.name for spec in fields_of(kind)]
        assert len(names) == len(set(names)) and names[:len(COMMON)] == [s.name for s in COMMON]
        assert set(REQUIRED[kind]) <= set(names)
    assert set(FIELDS) == set(CaseKind)


def test_masks_keep_enough_to_recognise():
    assert mask_phone("138 1234 5678") == "138****5678"
    assert mask_address("浙江省杭州市西湖区文三路100号") == "浙江省杭州市****"
    case = {"buyer_phone": "13812345678", "buyer_address": "浙江省杭州市西湖区文三路100号", "buyer": "张"}
    assert masked(case) == {"buyer_phone": "138****5678", "buyer_address": "浙江省杭州市****", "buyer": "张"}
    assert masked(case, {"buyer_phone"})["buyer_phone"] == "13812345678"
    assert case["buyer_phone"] == "13812345678"  # the record itself is untouched


@pytest.mark.parametrize("half_typed", ["10:", "1:", "2026-11-23 10:"])
def test_a_time_half_typed_is_a_problem_not_a_crash(half_typed):
    """A form checks as the agent types: "10:" is on the way to "10:00"."""
    assert check_field(K.COMPLAINT, "promised_at", half_typed, NOW)[0] == FieldError("case.field.time")
