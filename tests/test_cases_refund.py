"""The after-sales state machine as a table: every (state, move) pair for every kind of
request, legal or not; the 7-day rule, exchange postage, the auto-confirm reminder."""

from __future__ import annotations

import itertools

import pytest

from shiftboard.domain.cases.refund import RefundMove as M
from shiftboard.domain.cases.refund import RefundState as S
from shiftboard.domain.cases.refund import Request as R
from shiftboard.domain.cases.refund import exchange_step, extension_due, legal_moves, move
from shiftboard.errors import ShiftboardError
from tests.conftest import at

HEAD = {
    (S.AWAITING_SELLER, M.AGREE): S.AWAITING_RETURN,
    (S.AWAITING_SELLER, M.REJECT): S.AWAITING_BUYER_EDIT,
    (S.AWAITING_SELLER, M.CLOSE): S.CLOSED,
    (S.AWAITING_BUYER_EDIT, M.BUYER_EDITS): S.AWAITING_SELLER,
    (S.AWAITING_BUYER_EDIT, M.CLOSE): S.CLOSED,
    (S.AWAITING_RETURN, M.BUYER_SHIPS): S.RETURNED,
    (S.AWAITING_RETURN, M.CLOSE): S.CLOSED,
    (S.RETURNED, M.CLOSE): S.CLOSED,
}
#: The platform's refund flow (DOMAIN §2), exactly; the other requests end differently.
LEGAL = {
    R.RETURN_REFUND: {**HEAD, (S.RETURNED, M.CONFIRM_RECEIPT): S.TO_FINANCE,
                      (S.TO_FINANCE, M.FINANCE_CONFIRMS): S.REFUNDED, (S.TO_FINANCE, M.CLOSE): S.CLOSED},
    R.REFUND: {(S.AWAITING_SELLER, M.AGREE): S.TO_FINANCE, (S.AWAITING_SELLER, M.REJECT): S.AWAITING_BUYER_EDIT,
               (S.AWAITING_SELLER, M.CLOSE): S.CLOSED, (S.AWAITING_BUYER_EDIT, M.BUYER_EDITS): S.AWAITING_SELLER,
               (S.AWAITING_BUYER_EDIT, M.CLOSE): S.CLOSED, (S.TO_FINANCE, M.FINANCE_CONFIRMS): S.REFUNDED,
               (S.TO_FINANCE, M.CLOSE): S.CLOSED},
    R.EXCHANGE: {**HEAD, (S.RETURNED, M.SEND_REPLACEMENT): S.EXCHANGED},
    R.REPAIR: {**HEAD, (S.RETURNED, M.SEND_BACK): S.REPAIRED},
}
PAIRS = [(kind, state, step) for kind in R for state, step in itertools.product(S, M)]


@pytest.mark.parametrize(("kind", "state", "step"), PAIRS)
def test_every_move_from_every_state(kind, state, step):
    args = {"tracking_no": "SF123", "request": kind, "postage_paid": True}
    if (state, step) in LEGAL[kind]:
        assert move(state, step, **args) is LEGAL[kind][(state, step)]
        return
    with pytest.raises(ShiftboardError) as caught:
        move(state, step, **args)
    assert caught.value.key == "refund.illegal_move"
    possible = [m.value for (origin, m) in LEGAL[kind] if origin is state]
    assert sorted(caught.value.params["possible"].split(", ")) == sorted(possible or ["-"])


def test_the_moves_are_offered_in_the_platforms_order():
    assert legal_moves(S.AWAITING_SELLER) == [M.AGREE, M.REJECT, M.CLOSE]
    assert legal_moves(S.RETURNED, request=R.EXCHANGE) == [M.SEND_REPLACEMENT, M.CLOSE]


def test_finished_cases_offer_no_moves():
    assert all(legal_moves(state, request=r) == [] for r in R
               for state in (S.REFUNDED, S.CLOSED, S.EXCHANGED, S.REPAIRED))


def test_seven_day_return_is_agreed_first_and_rejected_only_in_the_return_state():
    with pytest.raises(ShiftboardError) as caught:
        move(S.AWAITING_SELLER, M.REJECT, seven_day=True)
    assert caught.value.key == "refund.seven_day_agree_first"
    assert caught.value.params["possible"] == "agree, close"
    agreed = move(S.AWAITING_SELLER, M.AGREE, seven_day=True)
    assert legal_moves(agreed, seven_day=True) == [M.BUYER_SHIPS, M.REJECT, M.CLOSE]
    assert move(agreed, M.REJECT, seven_day=True) is S.AWAITING_BUYER_EDIT
    with pytest.raises(ShiftboardError):  # an ordinary return has no such edge
        move(S.AWAITING_RETURN, M.REJECT)


def test_the_buyer_ships_with_a_tracking_number():
    with pytest.raises(ShiftboardError) as caught:
        move(S.AWAITING_RETURN, M.BUYER_SHIPS, tracking_no="  ")
    assert caught.value.key == "refund.tracking_required"


@pytest.mark.parametrize(("paid", "quality", "step"), [
    (True, False, "case.exchange.send"), (False, False, "case.exchange.ask_postage"),
    (False, True, "case.exchange.free_quality"), (True, True, "case.exchange.free_quality")])
def test_exchange_sends_the_replacement_once_postage_is_paid_or_free(paid, quality, step):
    assert exchange_step(paid, quality) == step
    args = {"request": R.EXCHANGE, "postage_paid": paid, "quality": quality}
    if step == "case.exchange.ask_postage":
        with pytest.raises(ShiftboardError) as caught:
            move(S.RETURNED, M.SEND_REPLACEMENT, **args)
        assert caught.value.key == "refund.exchange_postage_due"
    else:
        assert move(S.RETURNED, M.SEND_REPLACEMENT, **args) is S.EXCHANGED


@pytest.mark.parametrize(("now", "state", "due"), [
    ("2026-11-23 09:59:59", S.AWAITING_RETURN, False),  # 48 h and a second before the date
    ("2026-11-23 10:00", S.AWAITING_RETURN, True),  # exactly 48 h before: extend now
    ("2026-11-26 10:00", S.RETURNED, True),  # already passed: still say so
    ("2026-11-24 10:00", S.REFUNDED, False),  # settled: nothing to extend
])
def test_extend_auto_confirm_when_the_date_is_near_and_the_return_open(now, state, due):
    assert extension_due(state, at("2026-11-25 10:00"), at(now), 48) is due
    assert extension_due(state, None, at(now), 48) is False
