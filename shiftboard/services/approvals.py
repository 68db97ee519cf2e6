"""Role checks and a lead's approvals on the case desk.

A move an agent's role may not take is refused, naming the roles that may. A move that needs
a lead (roles.toml) is not made: the case is marked awaiting approval, with the reason and
the move, and moves on only when a lead approves it (the lead's approval makes the move);
a refusal is recorded with its reason and the case stays where it was. Both go in the case's
timeline and, like every change, on the audit trail.
"""

from __future__ import annotations

import copy
import functools

from pendulum import DateTime

from shiftboard.domain.cases.flows import apply_move
from shiftboard.domain.cases.model import append
from shiftboard.domain.team.roles import APPROVER, Roles, approval_reason, may, move_actions, parse_roles, roles_allowed
from shiftboard.errors import ShiftboardError
from shiftboard.services.shift import InvalidFile, parse_team_file
from shiftboard.store import Store

ROLES_FILE = "roles.toml"
PENDING, APPROVED, REFUSED = "pending", "approved", "refused"


class RolesFileInvalid(InvalidFile):
    message = "error.roles_invalid"


def roles_path(store: Store):
    from shiftboard.services.case_files import team_or_shipped

    return team_or_shipped(store, ROLES_FILE)


def load_roles(store: Store) -> Roles:
    return parse_team_file(roles_path(store), store, parse_roles, RolesFileInvalid)


def awaiting(case: dict) -> dict | None:
    """The approval a case waits for, or None."""
    approval = case.get("approval")
    return approval if isinstance(approval, dict) and approval.get("state") == PENDING else None


class Gate:
    """The one check of what a role may do (roles.toml), for every service that acts: the case
    desk, imports, handovers, accounts, the audit trail. With role "" (a team without
    accounts) everything is allowed, as before accounts existed."""

    def __init__(self, store: Store, role: str) -> None:
        self.store, self.role = store, role

    @functools.cached_property
    def roles(self) -> Roles:
        return load_roles(self.store)

    def require(self, *actions: str) -> None:
        """Refuse the first action the role may not take, naming the roles that may."""
        if not self.role:
            return
        for action in actions:
            if not may(self.roles, self.role, action):
                raise ShiftboardError("approval.denied", action=action, role=self.role,
                                      allowed=", ".join(roles_allowed(self.roles, action)) or "-")

    def move(self, case: dict, move: str, agent: str, now: DateTime, tracking_no: str | None = None) -> dict:
        """`apply_move`, or the case marked awaiting a lead's approval, or a refusal."""
        if awaiting(case):
            raise ShiftboardError("approval.waiting", case=case["id"])
        self.require(*move_actions(case, move))
        reason = approval_reason(self.roles, self.role, case, move)
        approved = case.get("approval", {})
        if reason is None or approved.get("state") == APPROVED and approved.get("reason") == reason:
            return apply_move(case, move, agent, now, tracking_no)
        apply_move(copy.deepcopy(case), move, agent, now, tracking_no)  # refuse an illegal move now, not later
        case["approval"] = {"state": PENDING, "move": move, "tracking_no": tracking_no, "reason": reason,
                            "by": agent, "at": now.isoformat()}
        return append(case, agent, now, "approval_requested", move=move, reason=reason)


def acting(store: Store) -> Gate:
    """The gate for whoever this process acts as (the account the CLI or the server named)."""
    return Gate(store, store.audit.actor.role)


class ApprovalService:
    """A lead's queue of cases awaiting approval, and the decisions on them."""

    def __init__(self, cases) -> None:
        self.cases = cases  # the lead's CaseService: its locked, versioned change of a case

    def queue(self) -> list[dict]:
        """Open cases awaiting approval, oldest request first."""
        found = [case for case in self.cases.store.cases.live.read() if awaiting(case)]
        return sorted(found, key=lambda case: case["approval"]["at"])

    def _decide(self, case_id: str, version: int | None, decide) -> dict:
        if self.cases.role != APPROVER:
            raise ShiftboardError("approval.lead_only")
        now = self.cases.clock.now()

        def decided(case: dict) -> dict:
            pending = awaiting(case)
            if pending is None:
                raise ShiftboardError("approval.none_pending", case=case_id)
            return decide(case, pending, now)

        return self.cases._change(case_id, version, decided)

    def approve(self, case_id: str, version: int | None = None) -> dict:
        agent = self.cases.agent

        def approved(case: dict, pending: dict, now: DateTime) -> dict:
            case["approval"] = {**pending, "state": APPROVED, "decided_by": agent, "decided_at": now.isoformat()}
            append(case, agent, now, "approved", move=pending["move"], reason=pending["reason"])
            return apply_move(case, pending["move"], agent, now, pending.get("tracking_no"))

        return self._decide(case_id, version, approved)

    def refuse(self, case_id: str, reason: str, version: int | None = None) -> dict:
        if not reason.strip():
            raise ShiftboardError("approval.reason_required")
        agent = self.cases.agent

        def refused(case: dict, pending: dict, now: DateTime) -> dict:
            case["approval"] = {**pending, "state": REFUSED, "decided_by": agent, "decided_at": now.isoformat(),
                                "refusal": reason.strip()}
            return append(case, agent, now, "approval_refused", move=pending["move"], reason=reason.strip())

        return self._decide(case_id, version, refused)
