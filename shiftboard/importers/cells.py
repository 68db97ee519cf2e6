"""One cell of a platform export, cleaned the way the field's exports need (DOMAIN §8).

Each cleaner returns (value, problem key or None). The traps handled here:
- numbers kept as text: `="2026…"`, a leading tab or apostrophe;
- a long order number a sheet stored as a number: `2.02611E+17` in CSV, or a float in xlsx
  whose digits beyond the 15th are gone — refused, never guessed;
- amounts with ¥/￥, 元 and thousands separators; full-width digits (NFKC);
- dates as Excel serial numbers, as datetime cells, or as text in the usual formats.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import pendulum
from pendulum import DateTime

_TEXT_FORMULA = re.compile(r'^=\s*"(.*)"$', re.S)
_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_EXCEL_EPOCH = pendulum.datetime(1899, 12, 30)
#: Digits a float holds exactly: a longer number stored as a number has lost its tail.
_FLOAT_DIGITS = 15
#: 2026-11-23, 2026/11/23, 2026.11.23 or 2026年11月23日, then an optional 09:30 or 09:30:15
#: (a regular expression, not pendulum.from_format: that took 4 of the 7 s of a 10,000-row file).
_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")

Cleaned = tuple[object, str | None]


def fold(text: str) -> str:
    """Full-width digits, letters and signs folded to their ASCII form (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def raw_text(value: object) -> str:
    """The cell as text, with the ways exports keep numbers as text undone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip(" \r\n")
    found = _TEXT_FORMULA.match(text)
    if found:
        text = found.group(1)
    return text.lstrip("\t'").strip()


def text_cell(value: object) -> Cleaned:
    return raw_text(value), None


def number_cell(value: object) -> Cleaned:
    """An order, after-sales or tracking number: kept as text, folded; a number whose digits
    a sheet already dropped is refused."""
    if isinstance(value, float) and abs(value) >= 10 ** _FLOAT_DIGITS:
        return None, "import.cell.digits_lost"
    text = fold(raw_text(value)).replace(" ", "")
    if _SCIENTIFIC.match(text):
        return None, "import.cell.digits_lost"
    return text, None


def amount_cell(value: object) -> Cleaned:
    """Money: `¥1,299.00`, `1299元`, `１２９９` → "1299.00" text the case form checks."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(Decimal(str(value)))
    else:
        text = fold(raw_text(value))
        for sign in ("¥", "元", "RMB", "CNY", ",", " "):
            text = text.replace(sign, "")
    if not text:
        return "", None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None, "import.cell.amount"
    return (str(amount.quantize(Decimal("0.01"))), None) if amount.is_finite() else (None, "import.cell.amount")


def quantity_cell(value: object) -> Cleaned:
    text = fold(raw_text(value))
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return text, None


def time_cell(value: object, timezone: str) -> Cleaned:
    """A date or date-time in the team's zone, as ISO text; None for an empty cell."""
    if isinstance(value, dt.datetime):
        return pendulum.instance(value.replace(tzinfo=None), tz=timezone).isoformat(), None
    if isinstance(value, dt.date):
        return pendulum.datetime(value.year, value.month, value.day, tz=timezone).isoformat(), None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value), timezone)
    text = fold(raw_text(value))
    if not text:
        return None, None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _serial(float(text), timezone)
    parsed = _parse_text(text, timezone)
    return (parsed.isoformat(), None) if parsed else (None, "import.cell.time")


def _serial(days: float, timezone: str) -> Cleaned:
    """An Excel serial date (days since 1899-12-30; 1900-1909 to 2099 are believable)."""
    if not 3_000 <= days <= 73_000:
        return None, "import.cell.time"
    naive = _EXCEL_EPOCH.add(seconds=round(days * 86_400))
    return pendulum.datetime(naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second,
                             tz=timezone).isoformat(), None


def _parse_text(text: str, timezone: str) -> DateTime | None:
    found = _DATE_TEXT.match(text)
    if found is None:
        return None
    parts = [int(part) for part in found.groups(default="0")]
    try:
        return pendulum.datetime(*parts, tz=timezone)
    except ValueError:  # 2026-02-30, 25:00
        return None
