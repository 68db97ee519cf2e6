"""A report is a list of tables: an id (its title's message key), column ids (their headers'
message keys) and rows of plain values. The renderers (terminal, Markdown, CSV, xlsx, JSON)
translate headers and words; the values stay numbers, so a spreadsheet can sum them."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

#: Columns whose values are words of a catalogue group (`case.kind.after_sales` …).
WORDS = {"kind": "kind", "complaint_kind": "complaint_kind", "clock": "clock", "status": "status"}
#: Columns holding a share (0–1), money in yuan, personal data (masked unless asked).
SHARES = frozenset({"rate", "refund_rate", "share", "goal"})
MONEY = frozenset({"amount", "compensation", "pool", "bonus", "base", "pay"})


class Table(NamedTuple):
    id: str
    columns: tuple[str, ...]
    rows: list[tuple]


def yuan(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
