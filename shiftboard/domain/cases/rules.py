"""The rules helper: who pays the return postage, and what cancelling an order costs.

Both answers come from the team's rules file (`data/rules.toml`, DOMAIN §2), parsed and
validated here; the answers are message keys, worded by the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pendulum import DateTime

from shiftboard.domain.problems import Checker, FileProblems, open_document
from shiftboard.errors import ShiftboardError

STORE_TYPES = ("c_store", "tmall")  # C店/MT, 天猫商城
SITUATIONS = ("dislike", "free_shipping", "quality", "after_close")
OUTCOMES = ("exchange", "refund")
#: Who pays, as the field says it (each has a catalogue entry `rules.payer.<name>`).
PAYERS = ("buyer_both_ways", "buyer", "seller", "seller_both_ways", "seller_insurance",
          "outbound_deducted", "fee_deducted")
ITEM_KINDS = ("normal", "custom", "clearance")
#: Where the goods are when the buyer wants out: not yet received (a cancellation), picked up
#: in the shop, or delivered (then it is a return within the return window).
DELIVERIES = ("pending", "self_pickup", "delivered")
#: What must hold for goods already received to go back (message keys).
CONDITIONS = {"self_pickup": ("rules.condition.unopened", "rules.condition.pickup_slip", "rules.condition.receipts"),
              "delivered": ("rules.condition.intact", "rules.condition.receipts")}
#: What the answer needs to know, by where the goods are: self-pickup goods count their days
#: from the purchase, delivered goods from the delivery.
NEEDS = {"pending": ("ordered", "price"), "self_pickup": ("ordered",), "delivered": ("received",)}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CancelRules:
    free_hours: int
    fee_percent: int
    not_cancellable: tuple[str, ...]
    return_days: int = 7


@dataclass(frozen=True)
class Rules:
    postage: dict[tuple[str, str, str], str]  # (store type, situation, outcome) → payer
    cancel: CancelRules
    fee_percent_after_close: Decimal  # Tmall, after the deal closed: 5% platform + 0.5% points
    invoice_percent: Decimal = Decimal("17")  # deducted too when an issued invoice is not returned

    def payer_params(self) -> dict[str, Decimal]:
        """The numbers the payer messages state (`rules.payer.fee_deducted`)."""
        return {"percent": self.fee_percent_after_close, "invoice": self.invoice_percent}


@dataclass(frozen=True)
class CancelAnswer:
    allowed: bool
    fee: Decimal  # at least this much is kept (0 when free)
    reason: str  # message key
    conditions: tuple[str, ...] = ()  # message keys: what must hold (packaging unopened …)
    until: DateTime | None = None  # the last moment it is possible (received goods)


class RulesError(FileProblems):
    """The rules file has problems; `problems` lists every one with its line."""


def who_pays(rules: Rules, store_type: str, situation: str, outcome: str) -> str:
    """The payer key for a return: e.g. `seller_insurance` (quality problem, C-store)."""
    for name, value, allowed in (("store", store_type, STORE_TYPES), ("situation", situation, SITUATIONS),
                                 ("outcome", outcome, OUTCOMES)):
        if value not in allowed:
            raise ShiftboardError("rules.bad_choice", name=name, value=value, allowed=", ".join(allowed))
    return rules.postage[(store_type, situation, outcome)]


def cancel_cost(rules: Rules, ordered_at: DateTime, now: DateTime, price: Decimal, item_kind: str = "normal",
                delivery: str = "pending", received_at: DateTime | None = None) -> CancelAnswer:
    """Free within the free hours of ordering; after that at least the fee; some items never.
    Goods picked up or delivered go back within the return window, on its conditions."""
    for name, value, allowed in (("kind", item_kind, ITEM_KINDS), ("delivery", delivery, DELIVERIES)):
        if value not in allowed:
            raise ShiftboardError("rules.bad_choice", name=name, value=value, allowed=", ".join(allowed))
    if item_kind in rules.cancel.not_cancellable:
        return CancelAnswer(False, Decimal("0"), f"rules.cancel.not_cancellable_{item_kind}")
    if "ordered" in NEEDS[delivery] and ordered_at > now:
        raise ShiftboardError("rules.ordered_future", ordered=ordered_at.strftime("%Y-%m-%d %H:%M"),
                              now=now.strftime("%Y-%m-%d %H:%M"))
    if delivery == "self_pickup":  # 7 days from the purchase date, to that day's end
        until = ordered_at.add(days=rules.cancel.return_days).end_of("day")
        return _returnable(now, until, delivery)
    if delivery == "delivered":
        if received_at is None:
            raise ShiftboardError("rules.received_required")
        return _returnable(now, received_at.add(days=rules.cancel.return_days), delivery)
    if now <= ordered_at.add(hours=rules.cancel.free_hours):  # "within 48 h" includes 48:00
        return CancelAnswer(True, Decimal("0"), "rules.cancel.free")
    fee = (price * rules.cancel.fee_percent / 100).quantize(CENT, ROUND_HALF_UP)
    return CancelAnswer(True, fee, "rules.cancel.fee")


def _returnable(now: DateTime, until: DateTime, delivery: str) -> CancelAnswer:
    """Received goods go back until `until` (that moment included), on conditions."""
    if now > until:
        return CancelAnswer(False, Decimal("0"), "rules.cancel.window_passed", until=until)
    return CancelAnswer(True, Decimal("0"), f"rules.cancel.return_{delivery}", CONDITIONS[delivery], until)


def parse_rules(text: str) -> Rules:
    """Parse and validate the rules file; raise RulesError listing every problem."""
    data, check = open_document(text, {"after_close_fee_percent", "invoice_not_returned_percent", "postage",
                                       "cancel"}, RulesError)
    postage = _postage(check, data.get("postage", []))
    cancel = _cancel(check, data.get("cancel", {}))
    fee = _percent(check, data, "after_close_fee_percent", 5.5)
    invoice = _percent(check, data, "invoice_not_returned_percent", 17)
    missing = [k for k in ((s, sit, o) for s in STORE_TYPES for sit in SITUATIONS for o in OUTCOMES)
               if k not in postage]
    if missing:
        check.add(("postage", 0), "rules.postage_incomplete", missing="; ".join("/".join(k) for k in missing))
    if check.problems:
        raise RulesError(check.sorted_problems())
    return Rules(postage, cancel, Decimal(str(fee)), Decimal(str(invoice)))


def _percent(check: Checker, data: dict, name: str, default: float) -> float:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        check.add((name,), "rules.bad_number", name=name, value=value)
    return value


def _postage(check: Checker, rows: list) -> dict[tuple[str, str, str], str]:
    table: dict[tuple[str, str, str], str] = {}
    for index, row in enumerate(rows):
        path = ("postage", index)
        check.known_keys(row, path, {"store", "situation", *OUTCOMES})
        store, situation = row.get("store"), row.get("situation")
        ok = True
        for name, value, allowed in (("store", store, STORE_TYPES), ("situation", situation, SITUATIONS)):
            if value not in allowed:
                check.add(path + (name,), "rules.bad_choice", name=name, value=value, allowed=", ".join(allowed))
                ok = False
        for outcome in OUTCOMES:
            payer = row.get(outcome)
            if payer not in PAYERS:
                check.add(path + (outcome,), "rules.bad_choice", name=outcome, value=payer,
                          allowed=", ".join(PAYERS))
            elif ok:
                if (store, situation, outcome) in table:
                    check.add(path + (outcome,), "rules.duplicate_row", store=store, situation=situation)
                table[(store, situation, outcome)] = payer
    return table


def _cancel(check: Checker, data: dict) -> CancelRules:
    path = ("cancel",)
    check.known_keys(data, path, {"free_hours", "fee_percent", "not_cancellable", "return_days"})
    numbers = {}
    for name, default in (("free_hours", 48), ("fee_percent", 10), ("return_days", 7)):
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            check.add(path + (name,), "rules.bad_number", name=name, value=value)
            value = default
        numbers[name] = value
    kinds = data.get("not_cancellable", ["custom", "clearance"])
    bad = [k for k in kinds if k not in ITEM_KINDS] if isinstance(kinds, list) else [kinds]
    if bad:
        check.add(path + ("not_cancellable",), "rules.bad_choice", name="not_cancellable",
                  value=", ".join(map(str, bad)), allowed=", ".join(ITEM_KINDS))
        kinds = []
    return CancelRules(numbers["free_hours"], numbers["fee_percent"], tuple(kinds), numbers["return_days"])
