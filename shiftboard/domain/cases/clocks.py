"""Response clocks of complaints (DOMAIN §4): each runs from an event and is due within a
span; it is running, at risk (its last minutes), breached, or met (on time or late).

The edges, exactly: a clock is at risk from `due - window` on, and breached from `due` on
(the span has run out); a step done at or before `due` was met on time.

The spans are the team's policy (`data/policy.toml`), parsed and validated here, with the
other numbers the desk needs from it: how near the auto-confirm date may come before an open
return must be extended, and the default compensation for a middle or bad review.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from pendulum import DateTime

from shiftboard.domain.problems import Checker, FileProblems, open_document

KINDS = ("soft", "hard", "quality", "repair", "callback")
#: The events a clock can run from: the complaint opened, was handled, the repaired item
#: went back, the agent set a final date, the agent promised a callback for a time.
ANCHORS = ("opened", "handled", "returned", "final", "promised")


class ClockStatus(StrEnum):
    WAITING = "waiting"  # its starting event has not happened yet
    RUNNING = "running"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    MET = "met"
    MET_LATE = "met_late"


class ClockRule(NamedTuple):
    id: str
    anchor: str
    minutes: int  # 0: due at the anchor itself (a promised callback, a final date)
    at_risk: int | None = None  # minutes; None: the policy's at_risk_minutes
    #: "at once" (a quality complaint's first response): at risk from its event on, breached
    #: when its at-risk minutes have passed without the step
    at_once: bool = False


class Policy(NamedTuple):
    at_risk_minutes: int
    kinds: Mapping[str, tuple[ClockRule, ...]]
    extend_confirm_hours: int = 48
    compensation: Mapping[str, Decimal] = MappingProxyType({"middle": Decimal("5.00"), "bad": Decimal("10.00")})


class Deadline(NamedTuple):
    rule: ClockRule
    status: ClockStatus
    due: DateTime | None
    done_at: DateTime | None


class PolicyError(FileProblems):
    """The clock policy has problems; `problems` lists every one with its line."""


def evaluate(policy: Policy, kind: str, events: Mapping[str, DateTime],
             done: Mapping[str, DateTime], now: DateTime) -> list[Deadline]:
    """Every clock of a complaint of `kind` at `now`.

    `events`: anchor → when it happened; `done`: clock id → when it was met.
    """
    return [deadline(rule, events.get(rule.anchor), done.get(rule.id), now, policy.at_risk_minutes)
            for rule in policy.kinds.get(kind, ())]


def deadline(rule: ClockRule, start: DateTime | None, done_at: DateTime | None,
             now: DateTime, at_risk_minutes: int) -> Deadline:
    """One clock at `now`: WAITING until its event happened, then RUNNING / AT_RISK /
    BREACHED until its step is done, then MET or MET_LATE."""
    if start is None:
        return Deadline(rule, ClockStatus.WAITING, None, done_at)
    minutes, window = _span(rule, at_risk_minutes)
    due = start.add(minutes=minutes)
    if done_at is not None:
        return Deadline(rule, ClockStatus.MET if done_at <= due else ClockStatus.MET_LATE, due, done_at)
    if now >= due:
        status = ClockStatus.BREACHED
    elif now >= due.subtract(minutes=window):
        status = ClockStatus.AT_RISK
    else:
        status = ClockStatus.RUNNING
    return Deadline(rule, status, due, None)


def _span(rule: ClockRule, at_risk_minutes: int) -> tuple[float, float]:
    """Minutes from the event to due, and the last minutes of that span that are at risk."""
    if rule.at_once:  # the whole (short) span is at risk
        grace = rule.at_risk if rule.at_risk is not None else at_risk_minutes
        return grace, grace
    if rule.at_risk is not None:
        return rule.minutes, rule.at_risk
    # the last minutes of the span are "at risk"; never more than half of a short span
    return rule.minutes, min(at_risk_minutes, rule.minutes / 2) if rule.minutes else at_risk_minutes


def parse_policy(text: str) -> Policy:
    """Parse and validate policy text; raise PolicyError listing every problem."""
    data, check = open_document(text, {"at_risk_minutes", "complaints", "after_sales", "reviews"}, PolicyError)
    at_risk = data.get("at_risk_minutes", 10)
    if not _whole(at_risk) or at_risk <= 0:
        check.add(("at_risk_minutes",), "policy.bad_minutes", name="at_risk_minutes", value=at_risk)
    kinds = _complaints(check, data.get("complaints", []))
    extend_hours = _extend_hours(check, _table(check, data, "after_sales"))
    compensation = _compensation(check, _table(check, data, "reviews"))
    if check.problems:
        raise PolicyError(check.sorted_problems())
    return Policy(at_risk, kinds, extend_hours, compensation)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _table(check: Checker, data: dict, name: str) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        check.add((name,), "check.not_table")
        return {}
    return value


def _extend_hours(check: Checker, table: dict) -> int:
    check.known_keys(table, ("after_sales",), {"extend_confirm_hours"})
    hours = table.get("extend_confirm_hours", 48)
    if not _whole(hours) or hours <= 0:
        check.add(("after_sales", "extend_confirm_hours"), "policy.bad_hours", name="extend_confirm_hours",
                  value=hours)
        return 48
    return hours


def _compensation(check: Checker, table: dict) -> dict[str, Decimal]:
    """The default compensation per review rating, in yuan (DOMAIN §3: 5 middle, 10 bad)."""
    check.known_keys(table, ("reviews",), {"compensation_middle", "compensation_bad"})
    found = {}
    for rating, default in (("middle", 5), ("bad", 10)):
        name = f"compensation_{rating}"
        value = table.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            check.add(("reviews", name), "policy.bad_amount", name=name, value=value)
            value = default
        found[rating] = Decimal(str(value)).quantize(Decimal("0.01"))
    return found


def _complaints(check: Checker, entries: object) -> dict[str, tuple[ClockRule, ...]]:
    if not isinstance(entries, list):
        check.add(("complaints",), "check.not_table")
        return {}
    kinds: dict[str, tuple[ClockRule, ...]] = {}
    for index, entry in enumerate(entries):
        path = ("complaints", index)
        if not isinstance(entry, dict):
            check.add(path, "check.not_table")
            continue
        check.known_keys(entry, path, {"kind", "clocks"})
        kind = entry.get("kind")
        if kind not in KINDS:
            check.add(path + ("kind",), "policy.bad_kind", value=kind, allowed=", ".join(KINDS))
        elif kind in kinds:
            check.add(path + ("kind",), "check.duplicate_id", id=kind)
        rules = [_rule(check, clock, path + ("clocks", n)) for n, clock in enumerate(entry.get("clocks", []))]
        if not rules:
            check.add(path, "policy.no_clocks", kind=kind or "?")
        seen: set[str] = set()
        for n, rule in enumerate(rules):
            if rule and rule.id in seen:
                check.add(path + ("clocks", n, "id"), "check.duplicate_id", id=rule.id)
            seen.add(rule.id if rule else "")
        if kind in KINDS:
            kinds[kind] = tuple(r for r in rules if r)
    return kinds


def _rule(check: Checker, data: object, path: tuple) -> ClockRule | None:
    if not isinstance(data, dict):
        check.add(path, "check.not_table")
        return None
    check.known_keys(data, path, {"id", "from", "within", "at_risk", "at_once"})
    rule_id = check.text(data, path, "id")
    anchor = data.get("from")
    if anchor not in ANCHORS:
        check.add(path + ("from",), "policy.bad_anchor", value=anchor, allowed=", ".join(ANCHORS))
    at_once = data.get("at_once", False)
    if not isinstance(at_once, bool) or (at_once and "within" in data):
        check.add(path + ("at_once",), "policy.bad_at_once")
        return None
    within = data.get("within", 0 if at_once else None)
    if not _whole(within) or within < 0:
        check.add(path + ("within",), "policy.bad_minutes", name="within", value=within)
        return None
    at_risk = data.get("at_risk")
    if at_risk is not None and (not _whole(at_risk) or at_risk < 0):
        check.add(path + ("at_risk",), "policy.bad_minutes", name="at_risk", value=at_risk)
        return None
    if rule_id is None or anchor not in ANCHORS:
        return None
    return ClockRule(rule_id, anchor, within, at_risk, at_once)
