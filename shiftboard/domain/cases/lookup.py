"""Partial search: what agents remember of a case is rarely all of it — the last digits of an
order or tracking number read over the phone, part of a buyer's nickname, the last four digits
of a phone number (all an agent sees of it on screen).

Each case is indexed under a few short keys of its numbers — the last 6 characters of each,
the last 4 digits of the phone — so a number look-up reads a shard or two of each month's
index, never the records; its buyer's name (folded) goes into a text index that a fragment is
searched in. A look-up takes what was typed and keeps the rows that really match.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: The fewest trailing characters of a number a partial look-up takes.
TAIL = 6
PHONE_TAIL = 4
TAIL_KEY, PHONE_KEY = "@tail:", "@phone:"
#: Where the store keeps the partial keys: apart from the exact keys (an index of their own).
SIDE_KEYS = {TAIL_KEY: "partial", PHONE_KEY: "partial"}
#: The form of the partial index (its keys and texts): a data dir whose index was built in an
#: older form (or before it existed) has it rebuilt when a partial search first needs it.
#: 1: name pieces as keys; 2: names in a text index.
PARTIAL_FORM = 2
NUMBERS = ("order_no", "after_sales_no", "tracking_no", "return_tracking_no")
_NOT_DIGIT = re.compile(r"\D")


class Partial(NamedTuple):
    """A partial look-up: the index keys a row must all hold, and how to tell it matches."""

    how: str  # "number", "phone" or "name"
    text: str  # what was typed, in search-key form
    keys: tuple[str, ...]  # index keys a row must hold; none for a name: its text index is searched

    def matches(self, row: dict, fold) -> bool:
        if self.how == "phone":
            return phone_tail(row) == self.text
        if self.how == "number":
            return any(row.get(name) and fold(row[name]).endswith(self.text) for name in NUMBERS)
        return bool(row.get("buyer")) and self.text in fold(row["buyer"])


def phone_tail(row: dict) -> str | None:
    """The last 4 digits of the buyer's phone (an archived row keeps only these)."""
    if row.get("phone_tail"):
        return row["phone_tail"]
    digits = _NOT_DIGIT.sub("", str(row.get("buyer_phone") or ""))
    return digits[-PHONE_TAIL:] if len(digits) >= PHONE_TAIL else None


def partial_keys(case: dict, fold) -> set[str]:
    """The keys a case is found by in part (`fold`: the search-key form of a value)."""
    keys = {f"{TAIL_KEY}{fold(case[name])[-TAIL:]}" for name in NUMBERS if len(fold(case.get(name) or "")) >= TAIL}
    tail = phone_tail(case)
    if tail:
        keys.add(f"{PHONE_KEY}{tail}")
    return keys


def name_text(case: dict, fold) -> str:
    """What the text index keeps of a case: its buyer's name, folded as a look-up is."""
    return fold(case.get("buyer") or "")


def partial_lookups(text: str) -> list[Partial]:
    """The partial look-ups what was typed (in search-key form) can stand for."""
    found = []
    if text.isdigit() and len(text) == PHONE_TAIL:
        found.append(Partial("phone", text, (f"{PHONE_KEY}{text}",)))
    if len(text) >= TAIL and text.isalnum() and any(ch.isdigit() for ch in text):
        found.append(Partial("number", text, (f"{TAIL_KEY}{text[-TAIL:]}",)))
    if not text.isdigit() and (len(text) >= 2 or not text.isascii()):  # one Chinese character is a name part
        found.append(Partial("name", text, ()))
    return found
