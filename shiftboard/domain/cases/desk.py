"""The desk's views of cases: each case with its clocks, the open queue (filtered, sorted by
due time, one page at a time), the cases whose clocks run out next, the return register.

Pure functions over case records and the clock policy; the service reads the records.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

import pendulum
from pendulum import DateTime

from shiftboard.domain.cases.model import CaseKind, is_closed
from shiftboard.domain.cases.clocks import ClockRule, ClockStatus, Deadline, Policy, deadline, evaluate
from shiftboard.domain.cases.refund import RefundState, extension_due
from shiftboard.errors import ShiftboardError

PAGE = 50
#: How urgent a running clock is, most urgent first.
URGENCY = {ClockStatus.BREACHED: 0, ClockStatus.AT_RISK: 1, ClockStatus.RUNNING: 2}
EXTEND_CONFIRM = "extend_confirm"


def parse_time(value: object, tz: str) -> DateTime | None:
    """A stored time (ISO, with its offset) in the team's zone; None if it is not one.

    Stored times are our own `isoformat()`: the standard library reads them several times
    faster than pendulum's general parser, which matters across 2,000 open cases a look."""
    try:
        parsed = datetime.fromisoformat(str(value))
    except (ValueError, TypeError):
        return None
    if parsed.tzinfo is None:
        return None
    return pendulum.instance(parsed).in_timezone(tz)


def _times(raw: Mapping[str, object], tz: str) -> dict[str, DateTime]:
    return {name: moment for name, value in raw.items() if (moment := parse_time(value, tz))}


def case_deadlines(policy: Policy, case: dict, now: DateTime) -> tuple[Deadline, ...]:
    """Every clock of an open case at `now`: a complaint's clocks from the policy, a promised
    callback (any kind), and for an open after-sales request the auto-confirm reminder."""
    if is_closed(case):
        return ()
    tz = now.timezone_name
    found: list[Deadline] = []
    complaint_kind = case.get("complaint_kind") if case["kind"] == CaseKind.COMPLAINT else None
    promised = "promised" in case.get("events", {}) and complaint_kind != "callback"
    if complaint_kind or promised:  # most open cases run no clock: read their times only if needed
        events, done = _times(case.get("events", {}), tz), _times(case.get("clocks_met", {}), tz)
        if complaint_kind:
            found += evaluate(policy, complaint_kind, events, done, now)
        if promised and "promised" in events:
            found += evaluate(policy, "callback", events, done, now)
    if case["kind"] == CaseKind.AFTER_SALES and case.get("confirm_by"):
        rule = ClockRule(EXTEND_CONFIRM, "confirm_by", 0, at_risk=policy.extend_confirm_hours * 60)
        found.append(deadline(rule, parse_time(case["confirm_by"], tz), None, now, policy.at_risk_minutes))
    return tuple(found)


@dataclass(frozen=True)
class CaseView:
    """A case with its clocks at one moment."""

    case: dict
    deadlines: tuple[Deadline, ...]

    @property
    def pending(self) -> tuple[Deadline, ...]:
        """The clocks still running (breached ones included), the next to run out first."""
        return tuple(sorted((d for d in self.deadlines if d.status in URGENCY), key=lambda d: d.due))

    @property
    def next_deadline(self) -> Deadline | None:
        pending = self.pending
        return pending[0] if pending else None

    @property
    def due(self) -> DateTime | None:
        upcoming = self.next_deadline
        return upcoming.due if upcoming else None

    @property
    def urgency(self) -> ClockStatus | None:
        """The worst state among its running clocks (None: nothing is running)."""
        pending = self.pending
        return min((d.status for d in pending), key=URGENCY.__getitem__) if pending else None


def view_of(policy: Policy, case: dict, now: DateTime) -> CaseView:
    return CaseView(case, case_deadlines(policy, case, now))


def hints(view: CaseView, policy: Policy, now: DateTime) -> tuple[str, ...]:
    """What the desk should remind the agent of (message keys)."""
    case, found = view.case, []
    if case["kind"] == CaseKind.AFTER_SALES and extension_due(
            RefundState(case["status"]), parse_time(case.get("confirm_by"), now.timezone_name), now,
            policy.extend_confirm_hours):
        found.append("case.hint.extend_confirm")
    if case["kind"] == CaseKind.AFTER_SALES and case.get("request") == "exchange" \
            and case["status"] == RefundState.RETURNED and not (case.get("postage_paid") or case.get("quality")):
        found.append("case.hint.ask_postage")
    if view.urgency is ClockStatus.BREACHED and not case.get("escalations"):
        found.append("case.hint.escalate")
    return tuple(found)


@dataclass(frozen=True)
class QueueFilter:
    """What the agent narrowed the queue to; None / False: no narrowing."""

    kind: str | None = None
    status: str | None = None
    store: str | None = None
    handler: str | None = None
    due_within_minutes: int | None = None  # "due within 1 h": 60 (breached ones included)
    breached: bool = False

    def takes(self, case: dict) -> bool:
        """The cheap part, on the record alone (before any clock is worked out)."""
        wanted = {"kind": self.kind, "status": self.status, "store": self.store, "handler": self.handler}
        return not is_closed(case) and all(v is None or case.get(k) == v for k, v in wanted.items())

    def keeps(self, view: CaseView, now: DateTime) -> bool:
        if self.breached and view.urgency is not ClockStatus.BREACHED:
            return False
        if self.due_within_minutes is not None:
            return view.due is not None and view.due <= now.add(minutes=self.due_within_minutes)
        return True


@dataclass(frozen=True)
class Page:
    rows: tuple[CaseView, ...]
    total: int  # matching cases, on every page
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def _by_due(view: CaseView) -> tuple:
    """Cases with a running clock first, the soonest due first; then the oldest first."""
    due = view.due
    return (due is None, due.timestamp() if due else 0.0, view.case.get("created_at", ""))


def queue_page(policy: Policy, cases: Iterable[dict], wanted: QueueFilter, now: DateTime,
               page: int = 0, size: int = PAGE) -> Page:
    """One page of the open queue, sorted by due time; never more than `size` rows."""
    views = [view_of(policy, case, now) for case in cases if wanted.takes(case)]
    views = sorted((v for v in views if wanted.keeps(v, now)), key=_by_due)
    page = max(0, page)
    return Page(tuple(views[page * size:(page + 1) * size]), len(views), page, size)


def page_of(policy: Policy, cases: Iterable[dict], wanted: QueueFilter, now: DateTime, case_id: str,
            size: int = PAGE) -> int | None:
    """The page of the queue `case_id` is on (None: `wanted` leaves it out)."""
    views = [view_of(policy, case, now) for case in cases if wanted.takes(case)]
    ids = [v.case["id"] for v in sorted((v for v in views if wanted.keeps(v, now)), key=_by_due)]
    return ids.index(case_id) // size if case_id in ids else None


def due_soon(policy: Policy, cases: Iterable[dict], now: DateTime, limit: int = 8) -> list[CaseView]:
    """The open cases whose clocks run out next (breached ones first: their due is past).
    `cases` may be a stream; only the `limit` kept are held."""
    views = (view for case in cases if not is_closed(case)
             and (view := view_of(policy, case, now)).next_deadline is not None)
    return heapq.nsmallest(limit, views, key=_by_due)


ClockKey = tuple[str, str]  # (case id, clock id)


def clock_states(views: Iterable[CaseView]) -> dict[ClockKey, ClockStatus]:
    return {(v.case["id"], d.rule.id): d.status for v in views for d in v.pending}


def turned(before: Mapping[ClockKey, ClockStatus],
           after: Mapping[ClockKey, ClockStatus]) -> list[tuple[ClockKey, ClockStatus]]:
    """Clocks that went at risk or breached between two looks (what deserves a toast)."""
    return [(key, status) for key, status in after.items()
            if status in (ClockStatus.AT_RISK, ClockStatus.BREACHED) and before.get(key) != status]


@dataclass(frozen=True)
class Watch:
    """What the dashboard keeps an eye on: the next cases to run out, the state of every
    running clock (two looks compared say which clock just turned), open cases per kind."""

    soon: list[CaseView]
    states: dict[ClockKey, ClockStatus]
    open_by_kind: dict[str, int]


def watch(policy: Policy, cases: Iterable[dict], now: DateTime, limit: int = 8) -> Watch:
    """One pass over `cases`, which may be a stream: each case is dropped once looked at,
    unless it is among the `limit` kept, so memory does not grow with the open queue."""
    states: dict[ClockKey, ClockStatus] = {}
    counts: dict[str, int] = {}

    def running() -> Iterator[CaseView]:
        for case in cases:
            if is_closed(case):
                continue
            counts[case["kind"]] = counts.get(case["kind"], 0) + 1
            view = view_of(policy, case, now)
            states.update(clock_states([view]))
            if view.next_deadline is not None:
                yield view

    soon = heapq.nsmallest(limit, running(), key=_by_due)
    return Watch(soon, states, counts)


def days(first: str, last: str) -> list[str]:
    """The days from `first` to `last` (YYYY-MM-DD), both included; a year at most."""
    bounds = []
    for text in (first, last):
        try:
            bounds.append(pendulum.Date.fromisoformat(text.strip()))
        except ValueError:
            raise ShiftboardError("error.bad_date", value=text) from None
    span = (bounds[1] - bounds[0]).in_days()
    if not 0 <= span <= 366:
        raise ShiftboardError("case.bad_range", first=first, last=last)
    return [bounds[0].add(days=n).isoformat() for n in range(span + 1)]


@dataclass(frozen=True)
class RegisterTotal:
    """One line of totals of the return register: a store on a day."""

    day: str
    store: str
    entries: int
    quantity: int
    restocked: int  # pieces
    loss: int  # pieces
    waiting: int  # pieces not yet restocked or written off


def register_totals(entries: Iterable[dict]) -> list[RegisterTotal]:
    """Totals per day and store of return-register entries (records or index rows)."""
    sums: dict[tuple[str, str], list[int]] = {}
    for entry in entries:
        quantity = int(entry.get("quantity") or 0)
        line = sums.setdefault((entry["created_at"][:10], entry.get("store", "")), [0, 0, 0, 0, 0])
        line[0] += 1
        line[1] += quantity
        line[{"restocked": 2, "loss": 3}.get(entry.get("status", ""), 4)] += quantity
    return [RegisterTotal(day, store, *numbers) for (day, store), numbers in sorted(sums.items())]
