"""How a case of each kind moves from status to status, and what must be true before it may.

After-sales cases follow the platform's flow (refund.py). The other kinds have small flows of
their own, drawn from the field's procedures (DOMAIN §2–§4):

- return register entry: received → restocked, or written off as a loss;
- review: open → revised / not revised / unreachable — only after at least one contact attempt;
- complaint: open → handled (follow-up clocks start) → closed;
- logistics: open → replied (or a damage/loss claim) → closed; a claim only with its evidence;
- stock notice: open → closed, once the buyer was contacted and an alternative offered
  (out of stock) or the order pulled back from the warehouse (cannot ship today).

Every refusal is a ShiftboardError with a message key and the moves possible instead.
"""

from __future__ import annotations

from pendulum import DateTime

from shiftboard.domain.cases.model import FINAL_STATUSES, CaseKind, append, new_case
from shiftboard.domain.cases.checklists import missing_checks
from shiftboard.domain.cases.form import clean_tracking
from shiftboard.domain.cases.refund import OPEN as REFUND_OPEN
from shiftboard.domain.cases.refund import RefundMove, RefundState, Request
from shiftboard.domain.cases.refund import legal_moves as refund_moves
from shiftboard.domain.cases.refund import move as refund_move
from shiftboard.errors import ShiftboardError

INITIAL: dict[CaseKind, str] = {
    CaseKind.AFTER_SALES: RefundState.AWAITING_SELLER.value, CaseKind.RETURN: "received",
    CaseKind.REVIEW: "open", CaseKind.COMPLAINT: "open", CaseKind.LOGISTICS: "open",
    CaseKind.STOCK_NOTICE: "open",
}

#: kind → {(status, move): next status}, in the order the moves are offered.
EDGES: dict[CaseKind, dict[tuple[str, str], str]] = {
    CaseKind.RETURN: {("received", "restock"): "restocked", ("received", "write_off"): "loss"},
    CaseKind.REVIEW: {("open", "revised"): "revised", ("open", "not_revised"): "not_revised",
                      ("open", "unreachable"): "unreachable"},
    CaseKind.COMPLAINT: {("open", "handle"): "handled", ("open", "close"): "closed",
                         ("handled", "close"): "closed"},
    CaseKind.LOGISTICS: {("open", "reply"): "replied", ("open", "report_damage"): "claim",
                         ("replied", "report_damage"): "claim", ("replied", "close"): "closed",
                         ("claim", "close"): "closed"},
    CaseKind.STOCK_NOTICE: {("open", "close"): "closed"},
}


def open_statuses(kind: CaseKind) -> list[str]:
    """The statuses an open case of `kind` can be in, in flow order (a queue filter offers these)."""
    if kind is CaseKind.AFTER_SALES:
        return [state.value for state in REFUND_OPEN]
    found = [INITIAL[kind], *(status for status, _ in EDGES[kind]), *EDGES[kind].values()]
    return [status for status in dict.fromkeys(found) if status not in FINAL_STATUSES[kind]]


def kind_of(case: dict) -> CaseKind:
    return CaseKind(case["kind"])


def _refund_args(case: dict) -> dict:
    return {"seven_day": bool(case.get("seven_day")),
            "request": Request(case.get("request") or Request.RETURN_REFUND)}


def legal_moves(case: dict) -> list[str]:
    """The moves possible for the case as it stands (a picker offers exactly these)."""
    kind = kind_of(case)
    if kind is CaseKind.AFTER_SALES:
        return [m.value for m in refund_moves(RefundState(case["status"]), **_refund_args(case))]
    return [move for (status, move) in EDGES[kind] if status == case["status"]]


def possible_moves(case: dict, agent: str, now: DateTime) -> list[str]:
    """The legal moves that would succeed now (a picker offers only these): each is tried on a
    copy, so a review is not offered "revised" before any contact attempt, nor an exchange
    "send the replacement" before the postage is paid. Recording the buyer's return is offered
    while its tracking number is still to be asked for."""
    possible = []
    for move in legal_moves(case):
        trial = {**case, "timeline": list(case.get("timeline", ())), "events": dict(case.get("events", {}))}
        try:
            apply_move(trial, move, agent, now, "SF000000000000" if move == "buyer_ships" else None)
        except ShiftboardError:
            continue
        possible.append(move)
    return possible


def apply_move(case: dict, move: str, agent: str, now: DateTime, tracking_no: str | None = None) -> dict:
    """The case after `move` (the dict passed in is changed and returned): new status, the
    timeline entry, events clocks run from, the closing time. Refused moves raise."""
    kind = kind_of(case)
    if kind is CaseKind.AFTER_SALES:
        status = _after_sales(case, move, tracking_no)
    else:
        possible = legal_moves(case)
        if move not in possible:
            raise ShiftboardError("case.illegal_move", move=move, state=case["status"],
                                  possible=", ".join(possible) or "-")
        _guard(case, kind, move)
        status = EDGES[kind][(case["status"], move)]
    if kind is CaseKind.COMPLAINT and move == "handle":
        case.setdefault("events", {})["handled"] = now.isoformat()
    case["status"] = status
    if status in FINAL_STATUSES[kind]:
        case["closed_at"] = now.isoformat()
    return append(case, agent, now, "moved", move=move, to=status)


def register_entry(case: dict, move: str, entry_id: str, agent: str, now: DateTime) -> dict | None:
    """The return-register entry a move makes: confirming receipt of a returned parcel logs it
    (store, item, quantity, problem, return tracking no.), pointing back at the request."""
    if kind_of(case) is not CaseKind.AFTER_SALES or move != RefundMove.CONFIRM_RECEIPT:
        return None
    fields = {name: case[name] for name in ("store", "order_no", "buyer", "item", "quantity", "problem",
                                             "return_tracking_no") if case.get(name) not in (None, "")}
    return new_case(entry_id, CaseKind.RETURN, {**fields, "case_ref": case["id"]}, INITIAL[CaseKind.RETURN],
                    agent, now)


def _after_sales(case: dict, move: str, tracking_no: str | None) -> str:
    if tracking_no:  # the "buyer shipped" dialog and --tracking-no: checked like the form's field
        tracking_no = clean_tracking(tracking_no)
    try:
        step = RefundMove(move)
    except ValueError:
        possible = ", ".join(legal_moves(case)) or "-"
        raise ShiftboardError("refund.illegal_move", move=move, state=case["status"], possible=possible) from None
    tracking = tracking_no or (case.get("return_tracking_no") if step is not RefundMove.BUYER_SHIPS else None)
    state = refund_move(RefundState(case["status"]), step, tracking_no=tracking,
                        postage_paid=bool(case.get("postage_paid")), quality=bool(case.get("quality")),
                        **_refund_args(case))
    if tracking_no:
        case["return_tracking_no"] = tracking_no
    return state.value


def _guard(case: dict, kind: CaseKind, move: str) -> None:
    """What the field's procedure asks before a case may close."""
    if kind is CaseKind.REVIEW and not any(e.get("what") == "contact" for e in case.get("timeline", ())):
        raise ShiftboardError("case.guard.contact_first")
    if EDGES[kind][(case["status"], move)] in FINAL_STATUSES[kind]:
        missing = missing_checks(case)
        if missing:
            raise ShiftboardError("case.guard.checks_missing", missing=", ".join(missing))
