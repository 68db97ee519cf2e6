"""Use cases of the case desk: cases and their changes, the clock policy, the rules table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pendulum
from ulid import ULID

from shiftboard.clock import Clock
from shiftboard.domain.cases import CaseKind, SEARCHABLE, append, is_closed, new_case, validate_input

from shiftboard.domain.clocks import Policy, parse_policy
from shiftboard.domain.refund import RefundMove, RefundState
from shiftboard.domain.refund import move as refund_move
from shiftboard.domain.rules import Rules, parse_rules
from shiftboard.errors import ShiftboardError
from shiftboard.services import InvalidFile, parse_team_file
from shiftboard.store import Store
from shiftboard.store.shipped import shipped

POLICY_FILE = "policy.toml"
RULES_FILE = "rules.toml"


class PolicyFileInvalid(InvalidFile):
    message = "error.policy_invalid"


class RulesFileInvalid(InvalidFile):
    message = "error.rules_invalid"


def team_or_shipped(store: Store, name: str) -> Path:
    """The team's own copy of `name` in the data dir, else the shipped one."""
    team = store.root / name
    return team if team.exists() else shipped(name)


def policy_path(store: Store) -> Path:
    return team_or_shipped(store, POLICY_FILE)


def rules_path(store: Store) -> Path:
    return team_or_shipped(store, RULES_FILE)


def load_policy(store: Store) -> Policy:
    return parse_team_file(policy_path(store), store, parse_policy, PolicyFileInvalid)


def load_rules(store: Store) -> Rules:
    return parse_team_file(rules_path(store), store, parse_rules, RulesFileInvalid)


class CaseInputError(ShiftboardError):
    """What an agent typed has problems: `errors` maps each bad field to a message key."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("case.input_invalid", fields=", ".join(errors))
        self.errors = errors


PAGE = 50


class CaseService:
    """Creates, finds and changes cases. Every change is checked against the version the
    agent opened, so a second agent's save never silently overwrites the first's."""

    def __init__(self, store: Store, clock: Clock, agent: str) -> None:
        self.store, self.clock, self.agent = store, clock, agent

    def add(self, kind: CaseKind, values: dict[str, object]) -> dict:
        clean, errors = validate_input(kind, values)
        if errors:
            raise CaseInputError(errors)
        case = new_case(str(ULID()), kind, clean, self.agent, self.clock.now())
        self.store.cases.live.insert(case)
        return case

    def get(self, case_id: str) -> dict:
        found = self.store.cases.live.get(case_id)
        for period in self.store.cases.periods() if found is None else ():
            found = self.store.cases.history(period).get(case_id)
            if found is not None:
                break
        if found is None:
            raise ShiftboardError("case.unknown", case=case_id)
        return found

    def _change(self, case_id: str, version: int, change: Callable[[dict], dict]) -> dict:
        """One locked read–modify–write that refuses a stale `version`."""
        now = self.clock.now()

        def guarded(stored: dict | None) -> dict:
            if stored is None:
                raise ShiftboardError("case.unknown_open", case=case_id)
            if stored.get("version") != version:
                at = pendulum.parse(stored["updated_at"]).in_timezone(now.timezone_name)
                raise ShiftboardError("case.stale", by=stored.get("updated_by", "?"), at=at.format("HH:mm"))
            changed = change(stored)
            changed["version"] = version + 1
            return changed

        return self.store.cases.live.update(case_id, guarded)

    def move(self, case_id: str, step: RefundMove, version: int, tracking_no: str | None = None) -> dict:
        """Move an after-sales case along the refund flow (illegal moves are refused)."""
        now = self.clock.now()

        def moved(case: dict) -> dict:
            if case["kind"] != CaseKind.AFTER_SALES.value:
                raise ShiftboardError("case.not_after_sales", case=case_id)
            state = refund_move(RefundState(case["status"]), step, bool(case.get("seven_day")), tracking_no)
            case["status"] = state.value
            if tracking_no:
                case["return_tracking_no"] = tracking_no
            if is_closed(case):
                case["closed_at"] = now.isoformat()
            return append(case, self.agent, now, "moved", move=step.value, to=state.value)

        return self._change(case_id, version, moved)

    def note(self, case_id: str, text: str, version: int) -> dict:
        if not text.strip():
            raise ShiftboardError("error.empty_note")
        now = self.clock.now()
        return self._change(case_id, version, lambda case: append(case, self.agent, now, "note", text=text.strip()))

    def open_cases(self, kind: str | None = None, store: str | None = None,
                   handler: str | None = None, page: int = 0) -> list[dict]:
        """One page of the open queue, oldest first (never more than a page)."""
        wanted = {"kind": kind, "store": store, "handler": handler}
        rows = [c for c in self.store.cases.live.read()
                if not is_closed(c) and all(v is None or c.get(k) == v for k, v in wanted.items())]
        rows.sort(key=lambda c: c["created_at"])
        return rows[page * PAGE:(page + 1) * PAGE]

    def search(self, text: str, limit: int = PAGE) -> list[dict]:
        """Cases whose order no., after-sales no., tracking no. or buyer match `text`, the
        live file first, then the history periods newest first."""
        needle = text.strip()
        if not needle:
            return []
        found: list[dict] = []
        tables = [self.store.cases.live, *map(self.store.cases.history, self.store.cases.periods())]
        for table in tables:
            found += [c for c in table.read() if any(needle == str(c.get(f, "")) for f in SEARCHABLE)]
            if len(found) >= limit:
                break
        return found[:limit]
