"""The platform's after-sales flow: states, the moves between them, and the rules on those moves.

A case may only move along the platform's edges (DOMAIN §2). An illegal move is refused with
the moves that *are* possible from where the case stands, so the agent knows what to do next.

The refund flow is the platform's, exactly. The other requests share its head (the seller
agrees or rejects, the buyer edits, ships the item back) and differ only where it ends:
a refund only (仅退款, nothing comes back) goes from the agreement straight to finance; an
exchange ends when the replacement is sent; a repair when the repaired item goes back.
"""

from __future__ import annotations

from enum import StrEnum

from pendulum import DateTime

from shiftboard.errors import ShiftboardError


class RefundState(StrEnum):
    AWAITING_SELLER = "awaiting_seller"  # 退款协议等待卖家确认中
    AWAITING_BUYER_EDIT = "awaiting_buyer_edit"  # 卖家不同意协议，等待买家修改
    AWAITING_RETURN = "awaiting_return"  # 退款协议达成，等待买家退货
    RETURNED = "returned"  # 买家已退货，等待卖家确认收货
    TO_FINANCE = "to_finance"  # 等待财务确认
    REFUNDED = "refunded"
    CLOSED = "closed"
    EXCHANGED = "exchanged"  # the replacement went out 已换货
    REPAIRED = "repaired"  # the repaired item went back 已修复寄回


class RefundMove(StrEnum):
    AGREE = "agree"  # the amount is right
    REJECT = "reject"  # the amount is wrong: the buyer edits the agreement
    BUYER_EDITS = "buyer_edits"
    BUYER_SHIPS = "buyer_ships"  # with the return tracking number
    CONFIRM_RECEIPT = "confirm_receipt"
    FINANCE_CONFIRMS = "finance_confirms"
    CLOSE = "close"  # the buyer withdraws or the platform closes it
    SEND_REPLACEMENT = "send_replacement"  # exchange: the buyer paid the postage, or a quality problem
    SEND_BACK = "send_back"  # repair: the repaired item goes back


class Request(StrEnum):
    RETURN_REFUND = "return_refund"  # 退货退款
    REFUND = "refund"  # 仅退款
    EXCHANGE = "exchange"  # 换货
    REPAIR = "repair"  # 维修


S, M, R = RefundState, RefundMove, Request

FINAL = (S.REFUNDED, S.CLOSED, S.EXCHANGED, S.REPAIRED)
OPEN = tuple(s for s in RefundState if s not in FINAL)

_TAILS: dict[Request, dict[tuple[RefundState, RefundMove], RefundState]] = {
    R.RETURN_REFUND: {(S.RETURNED, M.CONFIRM_RECEIPT): S.TO_FINANCE, (S.TO_FINANCE, M.FINANCE_CONFIRMS): S.REFUNDED},
    R.REFUND: {(S.TO_FINANCE, M.FINANCE_CONFIRMS): S.REFUNDED},
    R.EXCHANGE: {(S.RETURNED, M.SEND_REPLACEMENT): S.EXCHANGED},
    R.REPAIR: {(S.RETURNED, M.SEND_BACK): S.REPAIRED},
}


def _edges(request: Request) -> dict[tuple[RefundState, RefundMove], RefundState]:
    """(from, move) → to for one kind of request, in the order the platform offers moves;
    the buyer may withdraw (or the platform close) from every state that has a way on."""
    refund_only = request is R.REFUND
    edges = {(S.AWAITING_SELLER, M.AGREE): S.TO_FINANCE if refund_only else S.AWAITING_RETURN,
             (S.AWAITING_SELLER, M.REJECT): S.AWAITING_BUYER_EDIT,
             (S.AWAITING_BUYER_EDIT, M.BUYER_EDITS): S.AWAITING_SELLER}
    if not refund_only:
        edges[(S.AWAITING_RETURN, M.BUYER_SHIPS)] = S.RETURNED
    edges.update(_TAILS[request])
    for origin in dict.fromkeys(origin for origin, _ in list(edges)):
        edges[(origin, M.CLOSE)] = S.CLOSED
    return edges


FLOWS = {request: _edges(request) for request in Request}
#: The refund flow of DOMAIN §2, as the platform draws it.
EDGES = FLOWS[R.RETURN_REFUND]


def legal_moves(state: RefundState, seven_day: bool = False,
                request: Request = R.RETURN_REFUND) -> list[RefundMove]:
    """The moves possible from `state`, in the order the platform offers them.

    A 7-day no-reason return cannot be rejected outright: agree first; once the buyer is in
    the return state the seller may reject, so the buyer edits the agreement.
    """
    moves = [move for (origin, move) in FLOWS[request] if origin is state]
    if seven_day and state is S.AWAITING_SELLER:
        moves.remove(M.REJECT)
    if seven_day and state is S.AWAITING_RETURN:
        moves.insert(1, M.REJECT)
    return moves


def move(state: RefundState, step: RefundMove, seven_day: bool = False, tracking_no: str | None = None,
         request: Request = R.RETURN_REFUND, postage_paid: bool = False, quality: bool = False) -> RefundState:
    """Where `step` takes a case in `state`; ShiftboardError if the platform does not allow it."""
    possible = legal_moves(state, seven_day, request)
    if step not in possible:
        key = "refund.seven_day_agree_first" if seven_day and step is M.REJECT else "refund.illegal_move"
        raise ShiftboardError(key, move=step.value, state=state.value,
                              possible=", ".join(m.value for m in possible) or "-")
    if step is M.BUYER_SHIPS and not (tracking_no or "").strip():
        raise ShiftboardError("refund.tracking_required")
    if step is M.SEND_REPLACEMENT and exchange_step(postage_paid, quality) == "case.exchange.ask_postage":
        raise ShiftboardError("refund.exchange_postage_due")
    if seven_day and step is M.REJECT and state is S.AWAITING_RETURN:
        return S.AWAITING_BUYER_EDIT
    return FLOWS[request][(state, step)]


def exchange_step(postage_paid: bool, quality: bool) -> str:
    """What to do for an exchange (a message key): a quality problem is exchanged free; if the
    buyer paid the exchange postage, send the replacement; if not, ask them to pay it."""
    if quality:
        return "case.exchange.free_quality"
    return "case.exchange.send" if postage_paid else "case.exchange.ask_postage"


def extension_due(state: RefundState, confirm_by: DateTime | None, now: DateTime, window_hours: int) -> bool:
    """Should the order's auto-confirm-receipt date be extended? Yes when the request is still
    open and that date is within `window_hours` (or already passed): once it passes, the
    platform pays the seller out before the return is settled."""
    if confirm_by is None or state not in OPEN:
        return False
    return now >= confirm_by.subtract(hours=window_hours)
