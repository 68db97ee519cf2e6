"""The monthly KPI sheet of an agent (DOMAIN §6): 130 points, the 70% line, the bonus.

Parts the data computes, each with its source: the refund rate (refunds ÷ orders; its 30
points by the team's bands, full marks at ≤5%), verified complaints (−10 each by default),
low ratings caused by after-sales (−5 each) and praise (+2 each). Parts a lead judges:
service quality, complaints handling, cooperation and execution graded 优/良/中/差 (20/15/10/0),
attendance (20, −5 per late arrival or leave, −10 per absence), outstanding work (+2…+5).
Bonus = pool × score / 130, only at or above the line; pay = base pay of the grade + bonus.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from shiftboard.domain.problems import FileProblems, open_document
from shiftboard.domain.reports.tables import Table
from shiftboard.errors import ShiftboardError

FULL = 130
GRADES = {"优": 20, "良": 15, "中": 10, "差": 0}
GRADE_WORDS = {"excellent": "优", "good": "良", "fair": "中", "poor": "差"}
JUDGED = ("service", "handling", "cooperation", "execution")
COUNTS = ("late", "leave", "absence", "orders")
ROLES = ("agent", "senior", "lead")
FIELDS = (*JUDGED, *COUNTS, "outstanding", "role")


class KpiSettings(NamedTuple):
    pool: Decimal
    pass_share: int  # percent of 130
    base: Mapping[str, Decimal]  # role → base pay
    bands: tuple[tuple[float, int], ...]  # (refund rate up to, in %, points), ascending
    points: Mapping[str, int]  # per verified complaint, low rating, praise, late, leave, absence


DEFAULT_POINTS = {"complaint": -10, "low_rating": -5, "praise": 2, "late": -5, "leave": -5, "absence": -10}


class KpiSettingsError(FileProblems):
    """kpi.toml has problems; `problems` lists every one with its line."""


def parse_kpi_settings(text: str) -> KpiSettings:
    data, check = open_document(text, {"pool", "pass_share", "base", "refund_rate", "points"}, KpiSettingsError)
    pool = _number(check, data, ("pool",), 1000)
    share = _number(check, data, ("pass_share",), 70)
    if not isinstance(share, int) or not 0 < share <= 100:
        check.add(("pass_share",), "kpi.bad_setting", name="pass_share", value=share)
    base = {role: _number(check, _table(check, data, "base"), ("base", role), default)
            for role, default in (("agent", 2000), ("senior", 2500), ("lead", 3000))}
    points = {name: _number(check, _table(check, data, "points"), ("points", name), default, signed=True)
              for name, default in DEFAULT_POINTS.items()}
    check.known_keys(_table(check, data, "base"), ("base",), set(ROLES))
    check.known_keys(_table(check, data, "points"), ("points",), set(DEFAULT_POINTS))
    bands = data.get("refund_rate", [{"upto": 5, "points": 30}])
    parsed = []
    for n, band in enumerate(bands if isinstance(bands, list) else [None]):
        if not isinstance(band, dict) or not _is_number(band.get("upto")) or not _whole(band.get("points")):
            check.add(("refund_rate", n), "kpi.bad_band")
        else:
            parsed.append((float(band["upto"]), band["points"]))
    if check.problems:
        raise KpiSettingsError(check.sorted_problems())
    return KpiSettings(Decimal(str(pool)), int(share), {r: Decimal(str(v)) for r, v in base.items()},
                       tuple(sorted(parsed)), points)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _table(check, data: dict, name: str) -> dict:
    value = data.get(name, {})
    if isinstance(value, dict):
        return value
    check.add((name,), "check.not_table")
    return {}


def _number(check, table: dict, path: tuple, default: float, signed: bool = False) -> float:
    """A number of the settings (0 or more unless `signed`); its problem named, the default kept."""
    value = table.get(path[-1], default)
    if not _is_number(value) or (value < 0 and not signed):
        check.add(path, "kpi.bad_setting", name=path[-1], value=value)
        return default
    return value


def clean_value(field: str, value: str) -> str | int:
    """An entered value, checked: a grade (优/良/中/差 or excellent/good/fair/poor), a count,
    outstanding points (0–5) or a role."""
    text = value.strip()
    if field in JUDGED:
        grade = GRADE_WORDS.get(text.lower(), text)
        if grade in GRADES:
            return grade
    elif field in COUNTS and text.isdigit():
        return int(text)
    elif field == "outstanding" and text.isdigit() and int(text) <= 5:
        return int(text)
    elif field == "role" and text in ROLES:
        return text
    elif field not in FIELDS:
        raise ShiftboardError("kpi.bad_field", field=field, allowed=", ".join(FIELDS))
    raise ShiftboardError("kpi.bad_value", field=field, value=value)


class Part(NamedTuple):
    id: str
    value: str  # what was found or entered ("4.0%", "良", "2")
    points: int
    most: int | None  # the part's full marks (None: a deduction or an addition)
    source: str  # where it comes from: "@data" (the records), or who entered it when


class Sheet(NamedTuple):
    agent: str
    month: str
    parts: tuple[Part, ...]
    score: int
    line: Decimal
    passed: bool
    bonus: Decimal
    base: Decimal
    pay: Decimal
    complete: bool  # every judged part entered, and the orders for the refund rate


class Facts(NamedTuple):
    """What the month's data says about the agent."""

    refunds: int
    verified_complaints: int
    low_ratings: int
    praise: int


def refund_points(rate_percent: float, bands: tuple[tuple[float, int], ...]) -> int:
    return next((points for upto, points in bands if rate_percent <= upto), 0)


def sheet(agent: str, month: str, facts: Facts, entries: Mapping[str, dict], settings: KpiSettings) -> Sheet:
    """`entries`: field → the latest entry {value, by, at}."""
    def entered(field: str) -> tuple[object, str]:
        entry = entries.get(field)
        return (entry["value"], f"{entry['by']} {entry['at'][:16].replace('T', ' ')}") if entry else (None, "-")

    parts = []
    for field in JUDGED:
        grade, source = entered(field)
        parts.append(Part(field, str(grade or "-"), GRADES.get(str(grade), 0), 20, source))
    orders, source = entered("orders")
    if orders:
        rate = facts.refunds / int(orders) * 100
        parts.append(Part("refund_rate", f"{rate:.1f}% ({facts.refunds}/{orders})",
                          refund_points(rate, settings.bands), 30, f"@data; {source}"))
    else:
        parts.append(Part("refund_rate", f"- ({facts.refunds}/-)", 0, 30, source))
    p = settings.points
    counts = {field: int(entered(field)[0] or 0) for field in ("late", "leave", "absence")}
    attendance = max(0, 20 + sum(p[field] * n for field, n in counts.items()))
    parts.append(Part("attendance", "/".join(str(counts[f]) for f in ("late", "leave", "absence")), attendance, 20,
                      ", ".join(entered(f)[1] for f in counts if f in entries) or "-"))
    for part, n in (("complaint", facts.verified_complaints), ("low_rating", facts.low_ratings),
                    ("praise", facts.praise)):
        parts.append(Part(part, str(n), p[part] * n, None, "@data"))
    outstanding, source = entered("outstanding")
    parts.append(Part("outstanding", str(outstanding or 0), int(outstanding or 0), None, source))
    return _total(agent, month, tuple(parts), entries, settings)


def _total(agent: str, month: str, parts: tuple[Part, ...], entries: Mapping[str, dict],
           settings: KpiSettings) -> Sheet:
    score = max(0, min(FULL, sum(part.points for part in parts)))
    line = (Decimal(FULL) * settings.pass_share / 100).quantize(Decimal("0.1"))
    passed = score >= line
    cent = Decimal("0.01")
    bonus = (settings.pool * score / FULL).quantize(cent, ROUND_HALF_UP) if passed else Decimal("0.00")
    role = str(entries.get("role", {}).get("value", "agent"))
    base = settings.base.get(role, Decimal(0)).quantize(cent)
    complete = all(field in entries for field in (*JUDGED, "orders"))
    return Sheet(agent, month, parts, score, line, passed, bonus, base, base + bonus, complete)


def sheet_tables(sheets: list[Sheet]) -> list[Table]:
    """One line per agent, then every agent's breakdown (anyone can check the sum)."""
    lines = [(s.agent, s.score, s.line, "✓" if s.passed else "✗", s.bonus, s.base, s.pay,
              "✓" if s.complete else "…") for s in sheets]
    parts = [(s.agent, p.id, p.value, p.points, p.most if p.most is not None else "±", p.source)
             for s in sheets for p in s.parts]
    return [Table("kpi", ("agent", "score", "pass_line", "passed", "bonus", "base", "pay", "complete_sheet"), lines),
            Table("kpi_parts", ("agent", "part", "value", "points", "max", "source"), parts)]
