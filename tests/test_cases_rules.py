"""The rules helper: the postage table, cancellation costs, the rules file's validation."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from shiftboard.domain.cases.rules import RulesError, cancel_cost, parse_rules, who_pays
from shiftboard.errors import ShiftboardError
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
    late = cancel_cost(RULES, ordered, at("2026-11-23 10:00"), Decimal("199.95"))
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


@pytest.mark.parametrize(("delivery", "now", "allowed", "conditions"), [
    ("self_pickup", "2026-11-27 12:00", True, ("rules.condition.unopened",)),
    ("delivered", "2026-11-27 12:00", True, ("rules.condition.intact", "rules.condition.receipts")),
    ("delivered", "2026-11-27 12:00:01", False, ()),  # 7 days to the second, then no more
])
def test_received_goods_go_back_within_seven_days_on_conditions(delivery, now, allowed, conditions):
    answer = cancel_cost(RULES, at("2026-11-10 09:00"), at(now), Decimal("99"), delivery=delivery,
                         received_at=at("2026-11-20 12:00"))
    assert (answer.allowed, answer.conditions, answer.until) == (allowed, conditions, at("2026-11-27 12:00"))
    assert answer.reason == (f"rules.cancel.return_{delivery}" if allowed else "rules.cancel.window_passed")


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
