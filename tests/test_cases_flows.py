"""The flows of the other kinds of case as tables, and what must be done before one closes."""

from __future__ import annotations

import itertools

import pytest

from shiftboard.domain.cases.model import FINAL_STATUSES, CaseKind, is_closed
from shiftboard.domain.cases.checklists import EVIDENCE, missing_checks
from shiftboard.domain.cases.flows import EDGES, INITIAL, apply_move, legal_moves
from shiftboard.errors import ShiftboardError
from tests.conftest import at

NOW = at("2026-11-23 10:00")
K = CaseKind
LEGAL = {
    K.RETURN: {("received", "restock"): "restocked", ("received", "write_off"): "loss"},
    K.REVIEW: {("open", "revised"): "revised", ("open", "not_revised"): "not_revised",
               ("open", "unreachable"): "unreachable"},
    K.COMPLAINT: {("open", "handle"): "handled", ("open", "close"): "closed", ("handled", "close"): "closed"},
    K.LOGISTICS: {("open", "reply"): "replied", ("open", "report_damage"): "claim",
                  ("replied", "report_damage"): "claim", ("replied", "close"): "closed", ("claim", "close"): "closed"},
    K.STOCK_NOTICE: {("open", "close"): "closed"},
}
ALL_CHECKS = {name: {"at": "x", "by": "Li"} for name in (*EVIDENCE, "memo_copied", "purple_flag", "registered",
                                                        "buyer_contacted", "alternative_offered", "pulled_back")}


def ready(kind: CaseKind, status: str) -> dict:
    """A case whose guards are all satisfied, so only the flow's edges decide."""
    return {"id": "C1", "kind": kind.value, "status": status, "checks": dict(ALL_CHECKS),
            "timeline": [{"what": "contact"}], "events": {}, "closed_at": None}


def _cases():
    for kind, edges in LEGAL.items():
        statuses = {s for s, _ in edges} | set(edges.values())
        moves = {m for _, m in edges} | {"agree", "dance"}
        yield from ((kind, status, move) for status, move in itertools.product(sorted(statuses), sorted(moves)))


@pytest.mark.parametrize(("kind", "status", "move"), list(_cases()))
def test_every_move_from_every_status(kind, status, move):
    case = ready(kind, status)
    if (status, move) in LEGAL[kind]:
        moved = apply_move(case, move, "Li", NOW)
        assert moved["status"] == LEGAL[kind][(status, move)]
        assert moved["timeline"][-1] == {"at": NOW.isoformat(), "by": "Li", "what": "moved", "move": move,
                                         "to": moved["status"]}
        assert (moved["closed_at"] is not None) == is_closed(moved)
        return
    with pytest.raises(ShiftboardError) as caught:
        apply_move(case, move, "Li", NOW)
    assert caught.value.key == "case.illegal_move"
    assert caught.value.params["possible"] == (", ".join(m for s, m in LEGAL[kind] if s == status) or "-")


def test_the_tables_match_the_model():
    assert {kind: EDGES[kind] for kind in LEGAL} == LEGAL
    for kind in CaseKind:
        finals = FINAL_STATUSES[kind]
        assert INITIAL[kind] not in finals
        if kind in EDGES:
            assert all(origin not in finals for origin, _ in EDGES[kind])
            assert set(EDGES[kind].values()) & finals


def test_a_review_closes_only_after_a_contact_attempt_and_its_first_steps():
    case = {**ready(K.REVIEW, "open"), "timeline": []}
    with pytest.raises(ShiftboardError) as caught:
        apply_move(case, "unreachable", "Li", NOW)
    assert caught.value.key == "case.guard.contact_first"
    case = {**ready(K.REVIEW, "open"), "checks": {"purple_flag": {}}}
    with pytest.raises(ShiftboardError) as caught:
        apply_move(case, "revised", "Li", NOW)
    assert (caught.value.key, caught.value.params) == ("case.guard.checks_missing",
                                                       {"missing": "memo_copied, registered"})


def test_a_damage_claim_closes_only_with_all_its_evidence():
    claim = {**ready(K.LOGISTICS, "claim"), "checks": {"waybill_copy": {}}}
    assert missing_checks(claim) == [e for e in EVIDENCE if e != "waybill_copy"]
    with pytest.raises(ShiftboardError):
        apply_move(claim, "close", "Li", NOW)
    replied = {**ready(K.LOGISTICS, "replied"), "checks": {}}
    assert apply_move(replied, "close", "Li", NOW)["status"] == "closed"  # no claim, no evidence needed


@pytest.mark.parametrize(("notice", "ticked", "missing"), [
    ("out_of_stock", (), ["buyer_contacted", "alternative_offered"]),
    ("out_of_stock", ("buyer_contacted", "pulled_back"), ["alternative_offered"]),
    ("cannot_ship", ("buyer_contacted",), ["pulled_back"]),
    ("cannot_ship", ("buyer_contacted", "pulled_back"), []),
])
def test_a_stock_notice_closes_once_the_buyer_is_told_and_the_order_handled(notice, ticked, missing):
    case = {**ready(K.STOCK_NOTICE, "open"), "notice": notice, "checks": {name: {} for name in ticked}}
    assert missing_checks(case) == missing
    if missing:
        with pytest.raises(ShiftboardError):
            apply_move(case, "close", "Li", NOW)
    else:
        assert apply_move(case, "close", "Li", NOW)["status"] == "closed"


def test_handling_a_complaint_starts_its_follow_up_clocks():
    moved = apply_move(ready(K.COMPLAINT, "open"), "handle", "Li", NOW)
    assert moved["events"]["handled"] == NOW.isoformat() and moved["closed_at"] is None


def test_after_sales_moves_go_through_the_platforms_flow():
    case = {"id": "C1", "kind": "after_sales", "status": "awaiting_seller", "request": "exchange",
            "postage_paid": False, "timeline": []}
    assert legal_moves(case) == ["agree", "reject", "close"]
    with pytest.raises(ShiftboardError) as caught:
        apply_move(case, "restock", "Li", NOW)
    assert (caught.value.key, caught.value.params["possible"]) == ("refund.illegal_move", "agree, reject, close")
    case = apply_move(apply_move(case, "agree", "Li", NOW), "buyer_ships", "Li", NOW, tracking_no="SF1234567")
    assert (case["status"], case["return_tracking_no"]) == ("returned", "SF1234567")
    with pytest.raises(ShiftboardError) as caught:
        apply_move(case, "send_replacement", "Li", NOW)
    assert caught.value.key == "refund.exchange_postage_due"
    case["postage_paid"] = True
    assert apply_move(case, "send_replacement", "Li", NOW)["closed_at"] == NOW.isoformat()
