"""Use cases of the case desk: create, find, change and list cases (the team files it works
from are read in case_files.py).

Every change is one locked unit of work on the case's shard, checked against the `version`
the agent opened: a second agent's save is refused with who changed the case and when, and
nothing is written, so the caller still holds what the agent typed. Actions that only append
(a note, a contact attempt, a reveal) may pass `version=None`: they cannot overwrite anyone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ulid import ULID

from shiftboard.clock import Clock
from shiftboard.domain.cases import desk
from shiftboard.domain.cases.form import FieldError, FieldSpec, check_field, fields_of, validate_input
from shiftboard.domain.cases.model import TIMED_EVENTS, CaseKind, append, new_case
from shiftboard.domain.cases.checklists import checks_of, done_checks
from shiftboard.domain.cases.clocks import Policy
from shiftboard.domain.cases.desk import PAGE, CaseView, Page, QueueFilter
from shiftboard.domain.cases.flows import INITIAL, apply_move, possible_moves, register_entry
from shiftboard.domain.cases.followup import MemoLine, contact_detail, default_compensation, memo_line
from shiftboard.domain.privacy import PERSONAL
from shiftboard.domain.team.roles import remedy_actions
from shiftboard.errors import ShiftboardError
from shiftboard.services.case_files import load_policy, policy_path
from shiftboard.services.case_search import CaseSearch
from shiftboard.store import Store

#: Events an agent records by hand (the others come with moves and times).
MANUAL_EVENTS = ("returned",)
#: The roles.toml action of each timeline entry that only appends.
APPENDED = {"note": "case.note", "contact": "case.contact"}


class CaseInputError(ShiftboardError):
    """What an agent typed has problems: `errors` maps each bad field to its problem."""

    def __init__(self, errors: dict[str, FieldError]) -> None:
        super().__init__("case.input_invalid", fields=", ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class CaseDetail:
    """Everything the case screen shows of one case."""

    view: CaseView
    period: str | None  # the month it is archived in; None while live
    moves: tuple[str, ...]  # the legal moves now (a picker offers exactly these)
    checks: tuple[tuple[str, bool], ...]  # (check, ticked)
    hints: tuple[str, ...]  # message keys: extend the auto-confirm date, ask for postage, escalate
    memo: MemoLine | None  # a logistics case's order memo


#: The clock of a callback promised to a buyer (policy.toml, kind "callback").
PROMISE_CLOCK = "callback"


class CaseService(CaseSearch):
    """Creates, finds and changes cases for one agent (finding by number or name: CaseSearch)."""

    def __init__(self, store: Store, clock: Clock, agent: str, policy: Policy | None = None,
                 role: str = "") -> None:
        self.store, self.clock, self.agent = store, clock, agent
        #: The account's role once the team has accounts ("" without: no role checks).
        self.role = role
        self._policy, self._fixed = policy, policy is not None
        self._policy_stamp: tuple | None = None
        self._live: tuple[tuple, list[dict]] | None = None  # (shard stamps, the live cases read then)
        #: A team edit that broke the policy file while an earlier good one stays in use.
        self.policy_problem: ShiftboardError | None = None

    @property
    def policy(self) -> Policy:
        """The team's clock policy, reloaded when its file changes; a broken edit keeps the
        last good one (and sets `policy_problem`), a broken first load raises."""
        if self._fixed:
            return self._policy
        path = policy_path(self.store)
        stamp = (path, self.store.file_stamps([path]))
        if self._policy is None or stamp != self._policy_stamp:
            self._policy_stamp = stamp
            try:
                self._policy, self.policy_problem = load_policy(self.store), None
            except ShiftboardError as error:
                if self._policy is None:
                    raise
                self.policy_problem = error
        return self._policy

    # -- forms ---------------------------------------------------------------------------

    def fields(self, kind: CaseKind) -> tuple[FieldSpec, ...]:
        return fields_of(kind)

    def check_field(self, kind: CaseKind, name: str, value: object) -> FieldError | None:
        """One field as the agent types it (the form shows the problem beside the field)."""
        return check_field(kind, name, value, self.clock.now())[0]

    def suggested_compensation(self, rating: str | None) -> str | None:
        """The team's default compensation for a middle or bad review ("5.00")."""
        amount = default_compensation(self.policy, rating)
        return str(amount) if amount is not None else None

    # -- reading -------------------------------------------------------------------------

    def locate(self, case_id: str) -> tuple[dict, str | None]:
        found = self.store.cases.locate(case_id)
        if found is None:
            raise ShiftboardError("case.unknown", case=case_id)
        return found

    def get(self, case_id: str) -> dict:
        return self.locate(case_id)[0]

    def detail(self, case_id: str) -> CaseDetail:
        case, period = self.locate(case_id)
        now = self.clock.now()
        view = desk.view_of(self.policy, case, now)
        done = done_checks(case)
        moves = tuple(possible_moves(case, self.agent, now)) if period is None else ()
        return CaseDetail(view, period, moves, tuple((c, c in done) for c in checks_of(case)),
                          desk.hints(view, self.policy, now), memo_line(case, now.timezone_name))

    def _open(self) -> list[dict]:
        """The live cases, parsed again only when a shard file changed (callers must not change
        them). The desk reads them at every look; parsing 2,000 unchanged cases each time
        promoted ~60k objects into the collector's oldest generation and set off a full
        collection at nearly every look — the 0.3–0.7 s tail of the queue on screen."""
        stamps = self.store.file_stamps(self.store.cases.live_paths())
        if self._live is None or self._live[0] != stamps:
            self._live = (stamps, self.store.cases.live.read())
        return self._live[1]

    def queue(self, wanted: QueueFilter | None = None, page: int = 0, size: int = PAGE) -> Page:
        """One page of the open queue, sorted by due time (never more than `size` rows)."""
        return desk.queue_page(self.policy, self._open(), wanted or QueueFilter(), self.clock.now(), page, size)

    def page_of(self, case_id: str, wanted: QueueFilter | None = None, size: int = PAGE) -> int | None:
        """The page of the open queue (as filtered) `case_id` is on; None if the filter hides it."""
        return desk.page_of(self.policy, self._open(), wanted or QueueFilter(), self.clock.now(), case_id, size)

    def open_count(self, kind: CaseKind | None = None) -> int:
        """Open cases (of one kind): the badge of a playbook block that concerns a queue."""
        wanted = QueueFilter(kind=kind)
        return sum(1 for case in self._open() if wanted.takes(case))

    def open_values(self, field: str) -> list[str]:
        """The values of `field` among the open cases (the stores or handlers a filter offers)."""
        return sorted({str(case[field]) for case in self._open() if case.get(field)})

    def due_soon(self, limit: int = 8) -> list[CaseView]:
        """The open cases whose clocks run out next, breached first (the dashboard's panel)."""
        return desk.due_soon(self.policy, self.store.cases.live.stream(), self.clock.now(), limit)

    def watch(self, limit: int = 8) -> desk.Watch:
        """What the dashboard's due-soon panel and block badges show, in one read."""
        return desk.watch(self.policy, self.store.cases.live.stream(), self.clock.now(), limit)

    # -- changing ------------------------------------------------------------------------

    def add(self, kind: CaseKind, values: dict[str, object]) -> dict:
        # the role first: nobody fixes a form only to be told it was never theirs to fill
        self._gate.require("register.write" if kind is CaseKind.RETURN else "case.add", *remedy_actions(values))
        now = self.clock.now()
        clean, errors = validate_input(kind, values, now)
        if errors:
            raise CaseInputError(errors)
        if kind is CaseKind.REVIEW and clean.get("remedy") == "compensation" and "compensation" not in clean:
            clean["compensation"] = self.suggested_compensation(str(clean["rating"]))
        case = new_case(str(ULID()), kind, clean, INITIAL[kind], self.agent, now)
        return self.store.cases.update(case["id"], lambda _: case)

    def _change(self, case_id: str, version: int | None, change: Callable[[dict], dict]) -> dict:
        """One locked read–modify–write of a live case that refuses a stale `version`."""
        now = self.clock.now()

        def guarded(stored: dict | None) -> dict:
            if stored is None:
                raise ShiftboardError("case.unknown_open", case=case_id)
            if version is not None and stored.get("version") != version:
                raise _stale(stored, now)
            changed = change(stored)
            changed["version"] = stored.get("version", 0) + 1
            return changed

        return self.store.cases.update(case_id, guarded)

    def edit(self, case_id: str, version: int, values: dict[str, object]) -> dict:
        """Save the fields an agent changed in the form (emptied optional ones are cleared)."""
        now = self.clock.now()

        def edited(case: dict) -> dict:
            # an entry of the return register is edited as a register write
            self._gate.require("register.write" if case["kind"] == CaseKind.RETURN.value else "case.edit")
            clean, errors = validate_input(CaseKind(case["kind"]), values, now, partial=True)
            if errors:
                raise CaseInputError(errors)
            changed = sorted(name for name, value in clean.items() if case.get(name) != value and name != "note")
            if {"remedy", "compensation"} & set(changed):  # granting or changing a remedy
                self._gate.require(*remedy_actions({**case, **clean}))
            for name in changed:
                if clean[name] is None:
                    case.pop(name, None)
                else:
                    case[name] = clean[name]
                if name in TIMED_EVENTS:
                    _set_event(case, TIMED_EVENTS[name], clean[name])
            return append(case, self.agent, now, "edited", fields=changed) if changed else case

        return self._change(case_id, version, edited)

    def move(self, case_id: str, step: str, version: int | None, tracking_no: str | None = None) -> dict:
        """Move a case along its flow; an illegal move is refused with the possible ones.
        Confirming receipt of a returned parcel also enters it in the return register."""
        now = self.clock.now()
        moving = self._gate.move if self.role else apply_move
        moved = self._change(case_id, version, lambda case: moving(case, str(step), self.agent, now, tracking_no))
        entry = register_entry(moved, str(step), str(ULID()), self.agent, now)
        if entry is not None:
            self.store.cases.update(entry["id"], lambda _: entry)
        return moved

    @functools.cached_property
    def _gate(self):
        """Role checks and approvals (services/approvals.py); role "": a team without accounts."""
        from shiftboard.services.approvals import Gate

        return Gate(self.store, self.role)

    def _append(self, case_id: str, version: int | None, what: str, **detail: object) -> dict:
        self._gate.require(APPENDED[what])
        now = self.clock.now()
        return self._change(case_id, version, lambda case: append(case, self.agent, now, what, **detail))

    def note(self, case_id: str, text: str, version: int | None = None, reply: bool = False,
             flagged: Sequence[str] = ()) -> dict:
        """A note; `reply`: it is what was said to the buyer, and `flagged` the forbidden-phrase
        rules it broke that the agent kept anyway."""
        if not text.strip():
            raise ShiftboardError("error.empty_note")
        marks = {"reply": True, "flagged": sorted(set(flagged))} if reply else {}
        return self._append(case_id, version, "note", text=text.strip(), **marks)

    def contact(self, case_id: str, channel: str, outcome: str, note: str = "", version: int | None = None) -> dict:
        """Record one attempt to reach the buyer: channel, outcome (date and handler come with it)."""
        return self._append(case_id, version, "contact", **contact_detail(channel, outcome, note))

    def assign(self, case_id: str, handler: str, version: int | None) -> dict:
        if not handler.strip():
            raise ShiftboardError("case.handler_required")
        self._gate.require("case.assign")

        def assigned(case: dict) -> dict:
            case["handler"] = handler.strip()
            return append(case, self.agent, self.clock.now(), "assigned", to=handler.strip())

        return self._change(case_id, version, assigned)

    def escalate(self, case_id: str, to: str, reason: str, version: int | None = None) -> dict:
        """Hand a case up (to the supervisor): recorded on the case and in its timeline."""
        now = self.clock.now()
        if not to.strip() or not reason.strip():
            raise ShiftboardError("case.escalation_incomplete")
        self._gate.require("case.escalate")

        def escalated(case: dict) -> dict:
            entry = {"at": now.isoformat(), "by": self.agent, "to": to.strip(), "reason": reason.strip()}
            case.setdefault("escalations", []).append(entry)
            return append(case, self.agent, now, "escalated", to=entry["to"], reason=entry["reason"])

        return self._change(case_id, version, escalated)

    def tick(self, case_id: str, check: str, version: int | None = None) -> dict:
        """Tick a check off (or untick it): purple flag, a piece of evidence, buyer contacted …"""
        self._gate.require("case.check")
        now = self.clock.now()

        def ticked(case: dict) -> dict:
            if check not in checks_of(case):
                raise ShiftboardError("case.bad_choice", name="check", value=check,
                                      allowed=", ".join(checks_of(case)) or "-")
            checks = case.setdefault("checks", {})
            done = checks.pop(check, None) is None
            if done:
                checks[check] = {"at": now.isoformat(), "by": self.agent}
            return append(case, self.agent, now, "checked" if done else "unchecked", check=check)

        return self._change(case_id, version, ticked)

    def meet(self, case_id: str, clock_id: str, version: int | None = None) -> dict:
        """A clock's step is done now (first response given, follow-up call made …)."""
        self._gate.require("case.clock_done")
        now = self.clock.now()

        def met(case: dict) -> dict:
            known = {d.rule.id for d in desk.case_deadlines(self.policy, case, now)} - {desk.EXTEND_CONFIRM}
            if clock_id not in known:
                raise ShiftboardError("case.bad_choice", name="clock", value=clock_id,
                                      allowed=", ".join(sorted(known)) or "-")
            case.setdefault("clocks_met", {})[clock_id] = now.isoformat()
            return append(case, self.agent, now, "clock_met", clock=clock_id)

        return self._change(case_id, version, met)

    def callback_made(self, case_id: str, made: bool) -> None:
        """A promised callback ticked (or unticked) on the dashboard, where the handover
        carried it: the case's callback clock is met now (or runs again). Nothing happens
        when the case already says so (its own desk recorded the call) or is gone."""
        self._gate.require("case.clock_done")
        now = self.clock.now()
        try:
            case, _ = self.locate(case_id)
        except ShiftboardError:
            return  # deleted or archived since: the checklist item stands on its own
        running = {d.rule.id for d in desk.case_deadlines(self.policy, case, now)}
        met = PROMISE_CLOCK in case.get("clocks_met", {})
        if made == met or (made and PROMISE_CLOCK not in running):
            return

        def changed(case: dict) -> dict:
            if made:
                case.setdefault("clocks_met", {})[PROMISE_CLOCK] = now.isoformat()
                return append(case, self.agent, now, "clock_met", clock=PROMISE_CLOCK, via="checklist")
            case.get("clocks_met", {}).pop(PROMISE_CLOCK, None)
            return append(case, self.agent, now, "clock_reopened", clock=PROMISE_CLOCK, via="checklist")

        self._change(case_id, None, changed)

    def mark(self, case_id: str, event: str, version: int | None = None) -> dict:
        """Record that something happened now that a clock runs from (the repaired item went back)."""
        if event not in MANUAL_EVENTS:
            raise ShiftboardError("case.bad_choice", name="event", value=event, allowed=", ".join(MANUAL_EVENTS))
        self._gate.require("case.event")
        now = self.clock.now()

        def marked(case: dict) -> dict:
            _set_event(case, event, now.isoformat())
            return append(case, self.agent, now, "event", event=event)

        return self._change(case_id, version, marked)

    def reveal(self, case_id: str, field: str) -> str:
        """A buyer's phone number or address in full; who looked and when goes in the timeline."""
        if field not in PERSONAL:
            raise ShiftboardError("case.bad_choice", name="field", value=field, allowed=", ".join(PERSONAL))
        case, period = self.locate(case_id)
        now = self.clock.now()
        self.store.cases.update(case_id, lambda stored: append(stored, self.agent, now, "revealed", touch=False,
                                                               field=field), period=period)
        return str(case.get(field) or "")


def _set_event(case: dict, event: str, when: str | None) -> None:
    events = case.setdefault("events", {})
    if when is None:
        events.pop(event, None)
    else:
        events[event] = when


def _stale(stored: dict, now) -> ShiftboardError:
    """"changed by Wang at 10:42 since you opened it" (with the date when not today)."""
    changed = desk.parse_time(stored.get("updated_at"), now.timezone_name)
    if changed is None:
        at = "?"
    else:
        at = changed.strftime("%H:%M" if changed.date() == now.date() else "%m-%d %H:%M")
    return ShiftboardError("case.stale", by=stored.get("updated_by", "?"), at=at)
