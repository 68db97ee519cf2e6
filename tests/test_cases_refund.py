"""The refund state machine as a table: every (state, move) pair, legal or not."""

from __future__ import annotations

import itertools

import pytest

from shiftboard.domain.refund import RefundMove as M
from shiftboard.domain.refund import RefundState as S
from shiftboard.domain.refund import legal_moves, move
from shiftboard.errors import ShiftboardError

LEGAL = {
    (S.AWAITING_SELLER, M.AGREE): S.AWAITING_RETURN,
    (S.AWAITING_SELLER, M.REJECT): S.AWAITING_BUYER_EDIT,
    (S.AWAITING_SELLER, M.CLOSE): S.CLOSED,
    (S.AWAITING_BUYER_EDIT, M.BUYER_EDITS): S.AWAITING_SELLER,
    (S.AWAITING_BUYER_EDIT, M.CLOSE): S.CLOSED,
    (S.AWAITING_RETURN, M.BUYER_SHIPS): S.RETURNED,
    (S.AWAITING_RETURN, M.CLOSE): S.CLOSED,
    (S.RETURNED, M.CONFIRM_RECEIPT): S.TO_FINANCE,
    (S.RETURNED, M.CLOSE): S.CLOSED,
    (S.TO_FINANCE, M.FINANCE_CONFIRMS): S.REFUNDED,
    (S.TO_FINANCE, M.CLOSE): S.CLOSED,
}


@pytest.mark.parametrize(("state", "step"), list(itertools.product(S, M)))
def test_every_move_from_every_state(state, step):
    if (state, step) in LEGAL:
        assert move(state, step, tracking_no="SF123") is LEGAL[(state, step)]
        return
    with pytest.raises(ShiftboardError) as caught:
        move(state, step, tracking_no="SF123")
    assert caught.value.key == "refund.illegal_move"
    assert caught.value.params["possible"] == (", ".join(m.value for m in legal_moves(state)) or "-")


def test_finished_cases_offer_no_moves():
    assert legal_moves(S.REFUNDED) == [] and legal_moves(S.CLOSED) == []


def test_seven_day_return_is_agreed_first_and_rejected_only_in_the_return_state():
    with pytest.raises(ShiftboardError) as caught:
        move(S.AWAITING_SELLER, M.REJECT, seven_day=True)
    assert caught.value.key == "refund.seven_day_agree_first"
    assert caught.value.params["possible"] == "agree, close"
    agreed = move(S.AWAITING_SELLER, M.AGREE, seven_day=True)
    assert M.REJECT in legal_moves(agreed, seven_day=True)
    assert move(agreed, M.REJECT, seven_day=True) is S.AWAITING_BUYER_EDIT
    with pytest.raises(ShiftboardError):  # an ordinary return has no such edge
        move(S.AWAITING_RETURN, M.REJECT)


def test_the_buyer_ships_with_a_tracking_number():
    with pytest.raises(ShiftboardError) as caught:
        move(S.AWAITING_RETURN, M.BUYER_SHIPS, tracking_no="  ")
    assert caught.value.key == "refund.tracking_required"
