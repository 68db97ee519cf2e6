"""roles.toml, role checks and the approval flow, in the services and at the CLI."""

from __future__ import annotations

import pytest

from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.problems import FileProblems
from shiftboard.domain.team.roles import parse_roles
from shiftboard.errors import ShiftboardError
from shiftboard.services.approvals import ApprovalService, awaiting
from shiftboard.services.cases import CaseService
from shiftboard.store.shipped import shipped

COMPLAINT = {"store": "旗舰店", "buyer": "张三", "complaint_kind": "hard"}
REVIEW = {"store": "旗舰店", "order_no": "20261123001", "rating": "bad", "review_text": "差",
          "remedy": "compensation", "compensation": "5"}


def desk(store, clock, agent, role) -> CaseService:
    return CaseService(store, clock, agent, role=role)


def test_the_shipped_roles_file_is_valid():
    roles = parse_roles(shipped("roles.toml").read_text(encoding="utf-8"))
    assert "after_sales.finance_confirms" in roles.deny["agent"] and roles.deny["lead"] == ()
    assert roles.approvals.compensation_over == 0 and roles.approvals.free_exchange


def test_problems_in_roles_toml_name_their_lines():
    text = ('[roles.agent]\ndeny = ["after_sales.fly"]\n[roles.boss]\ndeny = []\n'
            '[approval]\ncompensation_over = -1\nfree_exchange = "yes"\n')
    with pytest.raises(FileProblems) as bad:
        parse_roles(text)
    found = {(p.line, p.key) for p in bad.value.problems}
    assert found == {(2, "roles.unknown_action"), (3, "check.unknown_key"), (6, "roles.bad_amount"),
                     (7, "check.not_bool")}


def test_a_role_denied_a_move_is_told_who_may(store, clock):
    agent = desk(store, clock, "Wang", "agent")
    case = agent.add(CaseKind.AFTER_SALES, {"store": "S", "order_no": "20261123002", "item": "裙",
                                            "quantity": "1", "problem": "尺码"})
    with pytest.raises(ShiftboardError) as refused:
        agent.move(case["id"], "agree", case["version"] if "version" in case else None)
    assert refused.value.key == "approval.denied"
    assert refused.value.params["allowed"] == "senior, lead"
    assert desk(store, clock, "Zhao", "senior").move(case["id"], "agree", None)["status"] != case["status"]


def test_closing_a_hard_complaint_waits_for_a_lead(store, clock):
    agent, lead = desk(store, clock, "Wang", "agent"), desk(store, clock, "Li", "lead")
    case = agent.add(CaseKind.COMPLAINT, COMPLAINT)
    waiting = agent.move(case["id"], "close", None)
    assert waiting["status"] == "open" and awaiting(waiting)["reason"] == "approval.reason.hard_complaint"
    with pytest.raises(ShiftboardError) as still:
        agent.move(case["id"], "handle", None)
    assert still.value.key == "approval.waiting"
    queue = ApprovalService(lead)
    assert [c["id"] for c in queue.queue()] == [case["id"]]
    with pytest.raises(ShiftboardError) as not_lead:
        ApprovalService(agent).approve(case["id"])
    assert not_lead.value.key == "approval.lead_only"
    refused = queue.refuse(case["id"], "call the buyer back first")
    assert refused["status"] == "open" and refused["approval"]["refusal"] == "call the buyer back first"
    assert queue.queue() == []
    agent.move(case["id"], "close", None)
    closed = queue.approve(case["id"])
    assert closed["status"] == "closed" and closed["approval"]["decided_by"] == "Li"
    whats = [entry["what"] for entry in closed["timeline"]]
    assert whats[-5:] == ["approval_requested", "approval_refused", "approval_requested", "approved", "moved"]


def test_a_leads_own_move_and_a_team_without_accounts_need_no_approval(store, clock):
    case = desk(store, clock, "Li", "lead").add(CaseKind.COMPLAINT, COMPLAINT)
    assert desk(store, clock, "Li", "lead").move(case["id"], "close", None)["status"] == "closed"
    other = desk(store, clock, "Wang", "").add(CaseKind.COMPLAINT, COMPLAINT)
    assert desk(store, clock, "Wang", "").move(other["id"], "close", None)["status"] == "closed"


def test_compensation_above_the_teams_amount_waits(store, clock):
    (store.root / "roles.toml").write_text("[approval]\ncompensation_over = 10\n", encoding="utf-8")
    agent = desk(store, clock, "Wang", "agent")
    small = agent.add(CaseKind.REVIEW, REVIEW)
    big = agent.add(CaseKind.REVIEW, {**REVIEW, "compensation": "50"})
    for case in (small, big):
        agent.contact(case["id"], "phone", "reached")
        for check in ("memo_copied", "purple_flag", "registered"):
            agent.tick(case["id"], check)
    assert agent.move(small["id"], "revised", None)["status"] == "revised"
    assert awaiting(agent.move(big["id"], "revised", None))["reason"] == "approval.reason.compensation"


def test_an_illegal_move_is_refused_at_once_not_queued(store, clock):
    agent = desk(store, clock, "Wang", "agent")
    case = agent.add(CaseKind.REVIEW, {**REVIEW, "remedy": "free_exchange"})
    with pytest.raises(ShiftboardError) as refused:
        agent.move(case["id"], "revised", None)  # no contact attempt recorded yet
    assert refused.value.key == "case.guard.contact_first"
    assert awaiting(agent.get(case["id"])) is None


def test_check_reports_the_teams_roles_file_by_line(tmp_path):
    from tests.serving import shiftboard

    data = tmp_path / "data"
    data.mkdir()
    (data / "roles.toml").write_text('[roles.agent]\ndeny = ["refund.everything"]\n', encoding="utf-8")
    checked = shiftboard(data, "check")
    assert checked.returncode == 2
    assert f"{data / 'roles.toml'}:2: unknown action" in checked.stdout


def test_terminals_act_as_an_account_in_its_role(tmp_path):
    from tests.serving import add_account, shiftboard

    data = tmp_path / "data"
    # A pinned clock: at the wall clock's night the day shift's item is not in the run under way.
    morning = ("--now", "2026-11-23 08:45")
    assert shiftboard(data, *morning, "--agent", "anyone", "tick", "overnight.returns").returncode == 0  # no accounts yet
    add_account(data, "Wang", "agent")
    refused = shiftboard(data, *morning, "--agent", "Nobody", "tick", "overnight.returns")
    assert refused.returncode == 2 and "not an enabled one" in refused.stderr
    added = shiftboard(data, "--agent", "Wang", "cases", "add", "after_sales", "store=S", "order_no=20261123003",
                       "item=裙", "quantity=1", "problem=尺码", "--json")
    case_id = __import__("json").loads(added.stdout)["id"]
    denied = shiftboard(data, "--agent", "Wang", "cases", "move", case_id, "agree")
    assert denied.returncode == 2 and "may not “agree” (After-sales); roles that may: senior agent, lead" in denied.stderr
