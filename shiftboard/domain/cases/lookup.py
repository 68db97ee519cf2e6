"""Partial search: what agents remember of a case is rarely all of it — the last digits of an
order or tracking number read over the phone, part of a buyer's nickname, the last four digits
of a phone number (all an agent sees of it on screen).

Each case is indexed under a few short keys of those parts, so a partial look-up reads a
shard or two of each month's index, never the records: the last 6 characters of each number,
the last 4 digits of the phone, and the 2- and 3-character pieces of the buyer's name. A
look-up takes the keys of what was typed and keeps the rows that really match.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: The fewest trailing characters of a number a partial look-up takes.
TAIL = 6
PHONE_TAIL = 4
TAIL_KEY, PHONE_KEY, NAME_KEY = "@tail:", "@phone:", "@name:"
#: Where the store keeps each kind of partial key: apart from the exact keys, and the name
#: pieces (some held by nearly every case) apart from the rest.
SIDE_KEYS = {TAIL_KEY: "partial", PHONE_KEY: "partial", NAME_KEY: "names"}
#: A partial name look-up narrows by at most this many pieces, the last ones typed (a
#: nickname's end — its digits, the given name — is its least common part); the rows
#: found are then checked against the whole text, so fewer pieces never miss a match.
NAME_PIECES = 2
NUMBERS = ("order_no", "after_sales_no", "tracking_no", "return_tracking_no")
_NOT_DIGIT = re.compile(r"\D")


class Partial(NamedTuple):
    """A partial look-up: the index keys a row must all hold, and how to tell it matches."""

    how: str  # "number", "phone" or "name"
    text: str  # what was typed, in search-key form
    keys: tuple[str, ...]

    def hinted(self, row: dict) -> bool:
        """Whether an index row under a name piece may match, from the name it keeps (a row
        without one is kept: the record's own test decides)."""
        return self.how != "name" or self.text in row.get("n", self.text)

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


def _pieces(name: str, size: int) -> set[str]:
    return {name[i:i + size] for i in range(len(name) - size + 1)}


def partial_keys(case: dict, fold) -> set[str]:
    """The keys a case is found by in part (`fold`: the search-key form of a value)."""
    keys = {f"{TAIL_KEY}{fold(case[name])[-TAIL:]}" for name in NUMBERS if len(fold(case.get(name) or "")) >= TAIL}
    tail = phone_tail(case)
    if tail:
        keys.add(f"{PHONE_KEY}{tail}")
    name = fold(case.get("buyer") or "")
    keys |= {f"{NAME_KEY}{piece}" for size in (2, 3) for piece in _pieces(name, size)}
    return keys


def key_hint(case: dict, key: str, fold) -> dict:
    """What the index keeps beside the id under a name piece: the whole name (folded), so a
    look-up drops the cases whose name holds the piece but not the text typed."""
    return {"n": fold(case["buyer"])} if key.startswith(NAME_KEY) and case.get("buyer") else {}


def partial_lookups(text: str) -> list[Partial]:
    """The partial look-ups what was typed (in search-key form) can stand for."""
    found = []
    if text.isdigit() and len(text) == PHONE_TAIL:
        found.append(Partial("phone", text, (f"{PHONE_KEY}{text}",)))
    if len(text) >= TAIL and text.isalnum() and any(ch.isdigit() for ch in text):
        found.append(Partial("number", text, (f"{TAIL_KEY}{text[-TAIL:]}",)))
    if len(text) >= 2 and not text.isdigit():
        size = 3 if len(text) >= 3 else 2
        ends = [text[i:i + size] for i in range(len(text) - size, -1, -1)]
        pieces = list(dict.fromkeys(ends))[:NAME_PIECES]
        found.append(Partial("name", text, tuple(f"{NAME_KEY}{piece}" for piece in pieces)))
    return found
