"""The desk's gaps found when it was tried as a new user would: tracking numbers checked on
every path, full-width digits, receipt → register entry, evidence ticked from the case's own
fields, and only moves that will succeed offered."""

from __future__ import annotations

import pytest

from shiftboard.domain.cases.model import CaseKind
from shiftboard.errors import ShiftboardError
from shiftboard.services.cases import CaseInputError, CaseService

REFUND = {"store": "旗舰店", "order_no": "2026112300123456", "item": "T恤", "quantity": "1", "problem": "尺码"}


@pytest.fixture
def desk(store, clock):
    return CaseService(store, clock, "Li")


@pytest.mark.parametrize("bad", ["SF-12 34", "SF 12", "顺丰123456", "SF1234567890" * 3])
def test_a_bad_tracking_no_is_refused_on_the_buyer_shipped_move(desk, bad):
    case = desk.add(CaseKind.AFTER_SALES, REFUND)
    desk.move(case["id"], "agree", None)
    with pytest.raises(ShiftboardError) as refused:
        desk.move(case["id"], "buyer_ships", None, tracking_no=bad)
    assert refused.value.key == "case.bad_tracking"
    assert desk.get(case["id"])["status"] == "awaiting_return"


def test_a_tracking_no_is_cleaned_like_the_forms_full_width_included(desk):
    case = desk.add(CaseKind.AFTER_SALES, REFUND)
    desk.move(case["id"], "agree", None)
    moved = desk.move(case["id"], "buyer_ships", None, tracking_no="ＳＦ１２３４ ５６７８９０")
    assert moved["return_tracking_no"] == "SF1234567890"


def test_full_width_digits_are_normalised_on_input(desk):
    case = desk.add(CaseKind.AFTER_SALES, {**REFUND, "order_no": "２０２６１１２３００１２３４５６", "quantity": "２",
                                           "amount": "５９.９０", "buyer_phone": "１３８１２３４５６７８"})
    assert (case["order_no"], case["quantity"], case["amount"], case["buyer_phone"]) == \
        ("2026112300123456", 2, "59.90", "13812345678")
    with pytest.raises(CaseInputError):
        desk.add(CaseKind.AFTER_SALES, {**REFUND, "order_no": "２０２６-１１"})


def test_confirming_receipt_adds_the_return_register_entry(desk, clock):
    case = desk.add(CaseKind.AFTER_SALES, {**REFUND, "buyer": "王小明"})
    desk.move(case["id"], "agree", None)
    desk.move(case["id"], "buyer_ships", None, tracking_no="SF1234567890")
    desk.move(case["id"], "confirm_receipt", None)
    entries, totals = desk.register(clock.now().to_date_string(), clock.now().to_date_string())
    assert [(e["kind"], e["item"], e["quantity"], e["return_tracking_no"]) for e in entries] == \
        [("return", "T恤", 1, "SF1234567890")]
    assert desk.get(entries[0]["id"])["case_ref"] == case["id"] and totals[0].waiting == 1


def test_a_damage_case_closes_only_with_its_evidence_and_holds_some_already(desk):
    case = desk.add(CaseKind.LOGISTICS, {"store": "旗舰店", "order_no": "2026112300123456",
                                         "tracking_no": "SF1234567890", "courier": "顺丰",
                                         "courier_agent_id": "851", "damage": "yes"})
    desk.move(case["id"], "reply", None)
    detail = desk.detail(case["id"])
    assert [name for name, done in detail.checks if done] == ["tracking_no", "courier_agent_id"]
    assert "close" not in detail.moves  # it would be refused: the picker does not offer it
    with pytest.raises(ShiftboardError) as refused:
        desk.move(case["id"], "close", None)
    assert refused.value.key == "case.guard.checks_missing" and "tracking_no" not in refused.value.params["missing"]
    for name, done in detail.checks:
        if not done:
            desk.tick(case["id"], name)
    assert desk.move(case["id"], "close", None)["status"] == "closed"


def test_the_picker_offers_only_moves_that_will_succeed(desk):
    review = desk.add(CaseKind.REVIEW, {"store": "旗舰店", "order_no": "2026112300123456", "rating": "bad",
                                        "review_text": "太慢"})
    assert desk.detail(review["id"]).moves == ()  # nothing before a contact attempt and the review steps
    exchange = desk.add(CaseKind.AFTER_SALES, {**REFUND, "request": "exchange"})
    desk.move(exchange["id"], "agree", None)
    desk.move(exchange["id"], "buyer_ships", None, tracking_no="SF1234567890")
    assert desk.detail(exchange["id"]).moves == ("close",)  # no replacement before the postage
    desk.edit(exchange["id"], desk.get(exchange["id"])["version"], {"postage_paid": "yes"})
    assert desk.detail(exchange["id"]).moves == ("send_replacement", "close")
