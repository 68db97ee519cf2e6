"""Partial search: what agents remember of a case is rarely all of it — the last digits of an
order or tracking number read over the phone, part of a buyer's nickname, the last four digits
of a phone number (all an agent sees of it on screen).

Each case has one line in a text index (see store/textindex.py): its buyer's name, its
numbers and its phone's last 4 digits, folded, each field ended by a mark, so that one search
of a month's text finds a part of a name anywhere, a number by its end (the text typed, then
the number's end mark) and a phone by its last 4 (the phone's mark, then the digits). A
look-up takes what was typed and keeps the rows that really match.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: The fewest trailing characters of a number a partial look-up takes.
TAIL = 6
PHONE_TAIL = 4
#: Ends of the fields in a case's text: never in a folded name or number a person types.
END, PHONE = "\x1f", "\x1e"
#: The form of the partial index: a data dir whose index was built in an older form (or
#: before it existed) has it rebuilt when a partial search first needs it. 1: tails and name
#: pieces as keys; 2: one text a case.
PARTIAL_FORM = 2
NUMBERS = ("order_no", "after_sales_no", "tracking_no", "return_tracking_no")
_NOT_DIGIT = re.compile(r"\D")


class Partial(NamedTuple):
    """A partial look-up: what to find in the cases' texts, and how to tell a row matches."""

    how: str  # "number", "phone" or "name"
    text: str  # what was typed, in search-key form
    pattern: str  # what a matching case's text holds

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


def partial_text(case: dict, fold) -> str:
    """What the text index keeps of a case (`fold`: the search-key form of a value): its
    buyer's name, its numbers, its phone's last 4 digits, each ended by its mark."""
    numbers = "".join(f"{fold(case[name])}{END}" for name in NUMBERS if case.get(name))
    return f"{fold(case.get('buyer') or '')}{END}{numbers}{PHONE}{phone_tail(case) or ''}{END}"


def partial_lookups(text: str) -> list[Partial]:
    """The partial look-ups what was typed (in search-key form) can stand for."""
    found = []
    if END in text or PHONE in text:
        return found
    if text.isdigit() and len(text) == PHONE_TAIL:
        found.append(Partial("phone", text, f"{PHONE}{text}{END}"))
    if len(text) >= TAIL and text.isalnum() and any(ch.isdigit() for ch in text):
        found.append(Partial("number", text, f"{text}{END}"))
    if not text.isdigit() and (len(text) >= 2 or not text.isascii()):  # one Chinese character is a name part
        found.append(Partial("name", text, text))
    return found
