"""Response clocks of complaints (DOMAIN §4): each runs from an event and is due within a
span; it is running, at risk (its last minutes), breached, or met (on time or late).

The spans are the team's policy (`data/policy.toml`), parsed and validated here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from pendulum import DateTime

from shiftboard.domain.problems import Checker, FileProblems, syntax_problem

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


@dataclass(frozen=True)
class ClockRule:
    id: str
    anchor: str
    minutes: int  # 0: due at the anchor itself (a promised callback, a final date)


@dataclass(frozen=True)
class Policy:
    at_risk_minutes: int
    kinds: Mapping[str, tuple[ClockRule, ...]]


@dataclass(frozen=True)
class Deadline:
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
    return [_deadline(rule, events.get(rule.anchor), done.get(rule.id), now, policy.at_risk_minutes)
            for rule in policy.kinds.get(kind, ())]


def _deadline(rule: ClockRule, start: DateTime | None, done_at: DateTime | None,
              now: DateTime, at_risk_minutes: int) -> Deadline:
    if start is None:
        return Deadline(rule, ClockStatus.WAITING, None, done_at)
    due = start.add(minutes=rule.minutes)
    if done_at is not None:
        return Deadline(rule, ClockStatus.MET if done_at <= due else ClockStatus.MET_LATE, due, done_at)
    # the last minutes of the span are "at risk"; never more than half of a short span
    window = min(at_risk_minutes, rule.minutes / 2) if rule.minutes else at_risk_minutes
    if now >= due:
        status = ClockStatus.BREACHED
    elif now >= due.subtract(minutes=window):
        status = ClockStatus.AT_RISK
    else:
        status = ClockStatus.RUNNING
    return Deadline(rule, status, due, None)


def parse_policy(text: str) -> Policy:
    """Parse and validate policy text; raise PolicyError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError([syntax_problem(error)]) from None
    check = Checker(text)
    check.known_keys(data, (), {"schema", "at_risk_minutes", "complaints"})
    at_risk = data.get("at_risk_minutes", 10)
    if isinstance(at_risk, bool) or not isinstance(at_risk, int) or at_risk <= 0:
        check.add(("at_risk_minutes",), "policy.bad_minutes", name="at_risk_minutes", value=at_risk)
    kinds: dict[str, tuple[ClockRule, ...]] = {}
    for index, entry in enumerate(data.get("complaints", [])):
        path = ("complaints", index)
        check.known_keys(entry, path, {"kind", "clocks"})
        kind = entry.get("kind")
        if kind not in KINDS:
            check.add(path + ("kind",), "policy.bad_kind", value=kind, allowed=", ".join(KINDS))
        elif kind in kinds:
            check.add(path + ("kind",), "check.duplicate_id", id=kind)
        rules = [_rule(check, clock, path + ("clocks", n)) for n, clock in enumerate(entry.get("clocks", []))]
        if not rules:
            check.add(path, "policy.no_clocks", kind=kind or "?")
        ids = [r.id for r in rules if r]
        for n, rule_id in enumerate(ids):
            if rule_id in ids[:n]:
                check.add(path + ("clocks", n, "id"), "check.duplicate_id", id=rule_id)
        if kind in KINDS:
            kinds[kind] = tuple(r for r in rules if r)
    if check.problems:
        raise PolicyError(check.sorted_problems())
    return Policy(at_risk, kinds)


def _rule(check: Checker, data: dict, path: tuple) -> ClockRule | None:
    check.known_keys(data, path, {"id", "from", "within"})
    rule_id = check.text(data, path, "id")
    anchor = data.get("from")
    if anchor not in ANCHORS:
        check.add(path + ("from",), "policy.bad_anchor", value=anchor, allowed=", ".join(ANCHORS))
    within = data.get("within")
    if isinstance(within, bool) or not isinstance(within, int) or within < 0:
        check.add(path + ("within",), "policy.bad_minutes", name="within", value=within)
        return None
    if rule_id is None or anchor not in ANCHORS:
        return None
    return ClockRule(rule_id, anchor, within)
