"""The rules helper: the postage table, cancellation costs, the rules file's validation."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from shiftboard.domain.rules import RulesError, cancel_cost, parse_rules, who_pays
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
