"""The platform's refund flow: states, the moves between them, and the rules on those moves.

A case may only move along the platform's edges (DOMAIN §2). An illegal move is refused with
the moves that *are* possible from where the case stands, so the agent knows what to do next.
"""

from __future__ import annotations

from enum import StrEnum

from shiftboard.errors import ShiftboardError


class RefundState(StrEnum):
    AWAITING_SELLER = "awaiting_seller"  # 退款协议等待卖家确认中
    AWAITING_BUYER_EDIT = "awaiting_buyer_edit"  # 卖家不同意协议，等待买家修改
    AWAITING_RETURN = "awaiting_return"  # 退款协议达成，等待买家退货
    RETURNED = "returned"  # 买家已退货，等待卖家确认收货
    TO_FINANCE = "to_finance"  # 等待财务确认
    REFUNDED = "refunded"
    CLOSED = "closed"


class RefundMove(StrEnum):
    AGREE = "agree"  # the amount is right
    REJECT = "reject"  # the amount is wrong: the buyer edits the agreement
    BUYER_EDITS = "buyer_edits"
    BUYER_SHIPS = "buyer_ships"  # with the return tracking number
    CONFIRM_RECEIPT = "confirm_receipt"
    FINANCE_CONFIRMS = "finance_confirms"
    CLOSE = "close"  # the buyer withdraws or the platform closes it


S, M = RefundState, RefundMove

#: (from, move) → to. The platform's edges; CLOSE is added for every open state below.
EDGES: dict[tuple[RefundState, RefundMove], RefundState] = {
    (S.AWAITING_SELLER, M.AGREE): S.AWAITING_RETURN,
    (S.AWAITING_SELLER, M.REJECT): S.AWAITING_BUYER_EDIT,
    (S.AWAITING_BUYER_EDIT, M.BUYER_EDITS): S.AWAITING_SELLER,
    (S.AWAITING_RETURN, M.BUYER_SHIPS): S.RETURNED,
    (S.RETURNED, M.CONFIRM_RECEIPT): S.TO_FINANCE,
    (S.TO_FINANCE, M.FINANCE_CONFIRMS): S.REFUNDED,
}
FINAL = (S.REFUNDED, S.CLOSED)
OPEN = tuple(s for s in RefundState if s not in FINAL)
for _state in OPEN:
    EDGES[(_state, M.CLOSE)] = S.CLOSED

#: A 7-day no-reason return cannot be rejected outright; once the buyer is in the return
#: state the seller may reject, so the buyer edits the agreement.
SEVEN_DAY_REJECT = (S.AWAITING_RETURN, S.AWAITING_BUYER_EDIT)


def legal_moves(state: RefundState, seven_day: bool = False) -> list[RefundMove]:
    """The moves possible from `state`, in the order the platform offers them."""
    moves = [move for (origin, move) in EDGES if origin is state]
    if seven_day and state is S.AWAITING_SELLER:
        moves.remove(M.REJECT)
    if seven_day and state is S.AWAITING_RETURN:
        moves.insert(1, M.REJECT)
    return moves


def move(state: RefundState, step: RefundMove, seven_day: bool = False,
         tracking_no: str | None = None) -> RefundState:
    """Where `step` takes a case in `state`; ShiftboardError if the platform does not allow it."""
    possible = legal_moves(state, seven_day)
    if step not in possible:
        key = "refund.seven_day_agree_first" if seven_day and step is M.REJECT else "refund.illegal_move"
        raise ShiftboardError(key, move=step.value, state=state.value,
                              possible=", ".join(m.value for m in possible) or "-")
    if step is M.BUYER_SHIPS and not (tracking_no or "").strip():
        raise ShiftboardError("refund.tracking_required")
    if seven_day and step is M.REJECT and state is S.AWAITING_RETURN:
        return SEVEN_DAY_REJECT[1]
    return EDGES[(state, step)]
