"""The rules helper: the postage table, cancellation costs, the rules file's validation."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from shiftboard.domain.cases.rules import RulesError, cancel_cost, parse_rules, who_pays
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.store.shipped import shipped
from tests.conftest import at

RULES = parse_rules(shipped("rules.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("store", "situation", "exchange", "refund"), [
    ("c_store", "dislike", "buyer_both_ways", "buyer_both_ways"),
    ("tmall", "dislike", "buyer_both_ways", "buyer_both_ways"),
    ("c_store", "free_shipping", "buyer", "outbound_deducted"),
    ("tmall", "free_shipping", "buyer", "seller"),
    ("c_store", "quality", "seller_insurance", "seller_insurance"),
    ("tmall", "quality", "seller_both_ways", "seller_both_ways"),
    ("c_store", "after_close", "buyer", "buyer"),
    ("tmall", "after_close", "buyer", "fee_deducted"),
])
def test_the_postage_table_of_the_field(store, situation, exchange, refund):
    assert who_pays(RULES, store, situation, "exchange") == exchange
    assert who_pays(RULES, store, situation, "refund") == refund


def test_cancelling_is_free_for_48_hours_then_costs_at_least_ten_percent():
    ordered = at("2026-11-21 10:00")
    assert cancel_cost(RULES, ordered, at("2026-11-23 09:59:59"), Decimal("199")).fee == 0
    at_48 = cancel_cost(RULES, ordered, at("2026-11-23 10:00"), Decimal("199"))  # "within 48 h" includes 48:00
    assert (at_48.fee, at_48.reason) == (0, "rules.cancel.free")
    late = cancel_cost(RULES, ordered, at("2026-11-23 10:00:01"), Decimal("199.95"))
    assert (late.allowed, late.fee, late.reason) == (True, Decimal("20.00"), "rules.cancel.fee")
    custom = cancel_cost(RULES, ordered, at("2026-11-21 10:05"), Decimal("50"), "custom")
    assert not custom.allowed and custom.reason == "rules.cancel.not_cancellable_custom"
    with pytest.raises(ShiftboardError):
        cancel_cost(RULES, ordered, at("2026-11-21 10:05"), Decimal("50"), "gift")


def test_rules_file_problems_have_lines():
    text = ('[cancel]\nfree_hours = -1\nnot_cancellable = ["custom", "toys"]\n'
            '[[postage]]\nstore = "pdd"\nsituation = "quality"\nexchange = "nobody"\nrefund = "buyer"\n')
    with pytest.raises(RulesError) as caught:
        parse_rules(text)
    assert [(p.line, p.key) for p in caught.value.problems] == [
        (2, "rules.bad_number"), (3, "rules.bad_choice"), (4, "rules.postage_incomplete"),
        (5, "rules.bad_choice"), (7, "rules.bad_choice")]


def test_rules_from_the_command_line(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "shiftboard", "rules", *args, "--data-dir",
                               str(tmp_path), "--now", "2026-11-23 10:00", "--lang", "en"],
                              capture_output=True, text=True, timeout=60)

    out = run("postage", "--store", "c_store", "--situation", "quality")
    assert out.returncode == 0 and "Exchange: the seller pays (the shipping insurance covers it)" in out.stdout
    out = run("cancel", "--ordered", "2026-11-21 09:00", "--price", "abc")
    assert out.returncode == 2 and 'not a price: "abc"' in out.stderr


@pytest.mark.parametrize(("now", "allowed", "conditions"), [
    ("2026-11-27 12:00", True, ("rules.condition.intact", "rules.condition.receipts")),
    ("2026-11-27 12:00:01", False, ()),  # 7 days to the second, then no more
])
def test_delivered_goods_go_back_within_seven_days_of_delivery_on_conditions(now, allowed, conditions):
    answer = cancel_cost(RULES, at("2026-11-10 09:00"), at(now), Decimal("99"), delivery="delivered",
                         received_at=at("2026-11-20 12:00"))
    assert (answer.allowed, answer.conditions, answer.until) == (allowed, conditions, at("2026-11-27 12:00"))
    assert answer.reason == ("rules.cancel.return_delivered" if allowed else "rules.cancel.window_passed")


@pytest.mark.parametrize(("now", "allowed"), [
    ("2026-11-17 23:59:59", True), ("2026-11-18 00:00", False),  # 7 days from the purchase date
])
def test_self_pickup_goods_count_seven_days_from_the_purchase_with_slip_and_receipts(now, allowed):
    answer = cancel_cost(RULES, at("2026-11-10 18:30"), at(now), Decimal("99"), delivery="self_pickup")
    assert answer.allowed is allowed
    assert answer.until == at("2026-11-17 23:59:59.999999")
    if allowed:
        assert answer.conditions == ("rules.condition.unopened", "rules.condition.pickup_slip",
                                     "rules.condition.receipts")


def test_an_order_time_in_the_future_is_refused_naming_the_option():
    with pytest.raises(ShiftboardError) as caught:
        cancel_cost(RULES, at("2026-11-24 10:00"), at("2026-11-23 10:00"), Decimal("9"))
    assert caught.value.key == "rules.ordered_future"
    assert "--ordered" in t(caught.value.key, **caught.value.params)


def test_the_invoice_deduction_is_stated_as_a_number():
    assert RULES.invoice_percent == Decimal("17")
    assert "17%" in t("rules.payer.fee_deducted", **RULES.payer_params())


def test_received_goods_need_the_day_they_were_received_and_custom_items_never_go_back():
    with pytest.raises(ShiftboardError) as caught:
        cancel_cost(RULES, at("2026-11-10 09:00"), at("2026-11-21 09:00"), Decimal("9"), delivery="delivered")
    assert caught.value.key == "rules.received_required"
    custom = cancel_cost(RULES, at("2026-11-10 09:00"), at("2026-11-21 09:00"), Decimal("9"), "custom",
                         "delivered", at("2026-11-20 12:00"))
    assert not custom.allowed


def test_the_return_window_is_the_teams_to_set():
    text = shipped("rules.toml").read_text(encoding="utf-8").replace("return_days = 7", "return_days = 15")
    assert parse_rules(text).cancel.return_days == 15
    with pytest.raises(RulesError) as caught:
        parse_rules(text.replace("return_days = 15", "return_days = \"a week\""))
    assert [p.key for p in caught.value.problems] == ["rules.bad_number"]
