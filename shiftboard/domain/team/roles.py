"""What each role may do and what needs a lead's approval, from the team's `roles.toml`.

An action is a case's kind and move, "after_sales.finance_confirms" or "complaint.close",
or one of the desk's and the team's other actions (ACTIONS: "case.note", "import.run",
"team.admin" …); a role's `deny` list names actions, or a whole group with "after_sales.*"
or "case.*". Approvals: a review whose remedy is compensation above an amount, or a free
exchange, and closing a hard complaint. Leads approve; their own moves need no approval.
Pure: values and message keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from shiftboard.domain.cases.flows import EDGES
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.cases.refund import RefundMove
from shiftboard.domain.problems import Checker, FileProblems, open_document
from shiftboard.domain.team.accounts import APPROVER, ROLES


class RolesError(FileProblems):
    """roles.toml has problems; `problems` lists every one with its line."""


@dataclass(frozen=True)
class Approvals:
    compensation_over: Decimal | None  # None: compensation needs no approval; 0: any does
    free_exchange: bool
    close_hard_complaint: bool


@dataclass(frozen=True)
class Roles:
    deny: dict[str, tuple[str, ...]]  # role → action patterns it may not take
    approvals: Approvals


#: Actions besides a case's moves, wherever they are taken (the desk, the CLI, a dialog).
ACTIONS = ("case.add", "case.edit", "case.assign", "case.note", "case.contact", "case.check", "case.clock_done",
           "case.escalate", "case.event", "review.compensation", "review.free_exchange", "complaint.close_hard",
           "register.write", "import.run", "handover.sign", "kpi.judge", "team.admin", "audit.read")
#: A review's remedy that is an action of its own (granting it, or moving a case that has it).
REMEDY_ACTIONS = {"compensation": "review.compensation", "free_exchange": "review.free_exchange"}


def known_actions() -> set[str]:
    moves = {f"{kind.value}.{move}" for kind, edges in EDGES.items() for (_, move) in edges}
    return moves | {f"{CaseKind.AFTER_SALES.value}.{move.value}" for move in RefundMove} | set(ACTIONS)


def _groups() -> set[str]:
    return {action.split(".", 1)[0] for action in known_actions()}


def action_of(case: dict, move: str) -> str:
    return f"{case.get('kind')}.{move}"


def move_actions(case: dict, move: str) -> list[str]:
    """Every action a move is: the move itself, the remedy it carries out, closing a hard complaint."""
    found = [action_of(case, move)]
    if case.get("kind") == CaseKind.REVIEW.value and case.get("remedy") in REMEDY_ACTIONS:
        found.append(REMEDY_ACTIONS[case["remedy"]])
    if case.get("kind") == CaseKind.COMPLAINT.value and case.get("complaint_kind") == "hard" and move == "close":
        found.append("complaint.close_hard")
    if case.get("kind") == CaseKind.AFTER_SALES.value and move == RefundMove.CONFIRM_RECEIPT.value:
        found.append("register.write")  # confirming receipt enters the parcel in the return register
    return found


def remedy_actions(values: dict) -> list[str]:
    """Granting a remedy that is an action of its own, in a new case or an edit."""
    remedy = values.get("remedy")
    return [REMEDY_ACTIONS[remedy]] if remedy in REMEDY_ACTIONS else []


def _matches(pattern: str, action: str) -> bool:
    return pattern == action or pattern.endswith(".*") and action.startswith(pattern[:-1])


def may(roles: Roles, role: str, action: str) -> bool:
    return not any(_matches(pattern, action) for pattern in roles.deny.get(role, ()))


def roles_allowed(roles: Roles, action: str) -> list[str]:
    """Who may take `action` (a refusal names them)."""
    return [role for role in ROLES if may(roles, role, action)]


def approval_reason(roles: Roles, role: str, case: dict, move: str) -> str | None:
    """Why this move waits for a lead (a message key), or None when it may go ahead."""
    if role == APPROVER:
        return None
    rules = roles.approvals
    if case.get("kind") == CaseKind.REVIEW.value:
        remedy = case.get("remedy")
        if remedy == "free_exchange" and rules.free_exchange:
            return "approval.reason.free_exchange"
        amount = _amount(case.get("compensation"))
        if remedy == "compensation" and rules.compensation_over is not None and amount > rules.compensation_over:
            return "approval.reason.compensation"
    if (case.get("kind") == CaseKind.COMPLAINT.value and case.get("complaint_kind") == "hard"
            and move == "close" and rules.close_hard_complaint):
        return "approval.reason.hard_complaint"
    return None


def _amount(value: object) -> Decimal:
    try:
        return Decimal(str(value or "0"))
    except InvalidOperation:
        return Decimal("0")


def parse_roles(text: str) -> Roles:
    """Validate roles.toml; every problem is reported (FILE:LINE) before any is raised."""
    data, check = open_document(text, {"roles", "approval"}, RolesError)
    deny = _deny(check, data.get("roles", {}))
    approvals = _approvals(check, data.get("approval", {}))
    if check.problems:
        raise RolesError(check.sorted_problems())
    return Roles(deny, approvals)


def _deny(check: Checker, table: object) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict):
        check.add(("roles",), "roles.not_table", name="roles")
        return {}
    check.known_keys(table, ("roles",), set(ROLES))
    known, groups = known_actions(), _groups()
    deny: dict[str, tuple[str, ...]] = {}
    for role, entry in table.items():
        path = ("roles", role)
        if role not in ROLES:
            continue
        if not isinstance(entry, dict):
            check.add(path, "roles.not_table", name=f"roles.{role}")
            continue
        check.known_keys(entry, path, {"deny"})
        patterns = entry.get("deny", [])
        if not isinstance(patterns, list):
            check.add(path + ("deny",), "roles.not_list", name="deny")
            continue
        for index, pattern in enumerate(patterns):
            whole_group = isinstance(pattern, str) and pattern.endswith(".*") and pattern[:-2] in groups
            if pattern not in known and not whole_group:
                check.add(path + ("deny", index), "roles.unknown_action", value=pattern)
        deny[role] = tuple(p for p in patterns if isinstance(p, str))
    return deny


def _approvals(check: Checker, table: object) -> Approvals:
    path = ("approval",)
    if not isinstance(table, dict):
        check.add(path, "roles.not_table", name="approval")
        table = {}
    check.known_keys(table, path, {"compensation_over", "free_exchange", "close_hard_complaint"})
    flags = {}
    for name in ("free_exchange", "close_hard_complaint"):
        flags[name] = table.get(name, True)
        if not isinstance(flags[name], bool):
            check.add(path + (name,), "check.not_bool", name=name)
            flags[name] = True
    over = table.get("compensation_over", 0)
    if over is False:
        limit = None
    elif isinstance(over, bool) or not isinstance(over, int | float) or over < 0:
        check.add(path + ("compensation_over",), "roles.bad_amount", value=over)
        limit = Decimal(0)
    else:
        limit = Decimal(str(over))
    return Approvals(limit, flags["free_exchange"], flags["close_hard_complaint"])
