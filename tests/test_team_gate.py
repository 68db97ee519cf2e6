"""roles.toml governs every action it names, wherever it is taken: the case desk's edits,
notes, contacts, checks, clocks, assignments; remedies; the return register; imports;
signing a handover; accounts and the audit trail — each refused through the one gate
(services/approvals.Gate) with the roles that may, in the services, the CLI and the app."""

from __future__ import annotations

import json

import pytest

from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.team.roles import ACTIONS, parse_roles
from shiftboard.errors import ShiftboardError
from shiftboard.services.cases import CaseService
from shiftboard.services.importing import ImportService
from shiftboard.store.audit import Actor
from tests.import_files import row, write_csv

AFTER_SALES = {"store": "S", "order_no": "20261123002", "item": "裙", "quantity": "1", "problem": "尺码"}
REVIEW = {"store": "旗舰店", "order_no": "20261123001", "rating": "bad", "review_text": "差", "remedy": "coupon"}


def deny(store, role: str, *actions: str) -> None:
    quoted = ", ".join(f'"{action}"' for action in actions)
    (store.root / "roles.toml").write_text(f"[roles.{role}]\ndeny = [{quoted}]\n", encoding="utf-8")


def refused(call) -> ShiftboardError:
    with pytest.raises(ShiftboardError) as error:
        call()
    assert error.value.key == "approval.denied"
    return error.value


def test_every_action_is_known_to_the_roles_file():
    quoted = ", ".join(f'"{action}"' for action in ACTIONS)
    roles = parse_roles(f'[roles.agent]\ndeny = [{quoted}, "case.*", "team.*"]\n')
    assert set(ACTIONS) <= set(roles.deny["agent"])


DESK_ACTIONS = [
    ("case.edit", lambda d, c: d.edit(c["id"], c["version"], {"problem": "颜色"})),
    ("case.assign", lambda d, c: d.assign(c["id"], "Zhao", c["version"])),
    ("case.note", lambda d, c: d.note(c["id"], "called")),
    ("case.contact", lambda d, c: d.contact(c["id"], "phone", "reached")),
    ("case.check", lambda d, c: d.tick(c["id"], "evidence")),
    ("case.clock_done", lambda d, c: d.meet(c["id"], "handle")),
    ("case.escalate", lambda d, c: d.escalate(c["id"], "Li", "buyer angry")),
]


@pytest.mark.parametrize(("action", "act"), DESK_ACTIONS, ids=[a for a, _ in DESK_ACTIONS])
def test_each_desk_action_is_refused_to_a_role_denied_it_and_names_who_may(store, clock, action, act):
    deny(store, "agent", action)
    case = CaseService(store, clock, "Li", role="lead").add(CaseKind.AFTER_SALES, AFTER_SALES)
    error = refused(lambda: act(CaseService(store, clock, "Wang", role="agent"), case))
    assert error.params == {"action": action, "role": "agent", "allowed": "senior, lead"}
    assert CaseService(store, clock, "Li").get(case["id"])["timeline"] == case["timeline"]  # nothing written


def test_a_whole_group_can_be_denied(store, clock):
    deny(store, "agent", "case.*")
    case = CaseService(store, clock, "Li", role="lead").add(CaseKind.AFTER_SALES, AFTER_SALES)
    refused(lambda: CaseService(store, clock, "Wang", role="agent").note(case["id"], "x"))
    assert CaseService(store, clock, "Zhao", role="senior").note(case["id"], "x")["timeline"][-1]["what"] == "note"


def test_granting_compensation_or_a_free_exchange_is_an_action_of_its_own(store, clock):
    deny(store, "agent", "review.compensation", "review.free_exchange")
    agent = CaseService(store, clock, "Wang", role="agent")
    refused(lambda: agent.add(CaseKind.REVIEW, {**REVIEW, "remedy": "compensation", "compensation": "5"}))
    case = agent.add(CaseKind.REVIEW, REVIEW)  # a remedy the role may give
    error = refused(lambda: agent.edit(case["id"], case["version"], {"remedy": "free_exchange"}))
    assert error.params["action"] == "review.free_exchange"
    assert agent.edit(case["id"], case["version"], {"review_text": "很差"})["review_text"] == "很差"


def test_closing_a_hard_complaint_can_be_denied_outright(store, clock):
    deny(store, "agent", "complaint.close_hard")
    agent = CaseService(store, clock, "Wang", role="agent")
    hard = agent.add(CaseKind.COMPLAINT, {"store": "S", "buyer": "张三", "complaint_kind": "hard"})
    assert refused(lambda: agent.move(hard["id"], "close", None)).params["action"] == "complaint.close_hard"
    soft = agent.add(CaseKind.COMPLAINT, {"store": "S", "buyer": "张三", "complaint_kind": "soft"})
    assert agent.move(soft["id"], "close", None)["status"] == "closed"


def test_return_register_writes(store, clock):
    deny(store, "agent", "register.write")
    agent = CaseService(store, clock, "Wang", role="agent")
    refused(lambda: agent.add(CaseKind.RETURN, {"store": "S", "item": "裙", "quantity": "1", "problem": "尺码"}))
    assert agent.add(CaseKind.AFTER_SALES, AFTER_SALES)["kind"] == "after_sales"


def test_an_import_is_refused_before_it_reads_anything(store, clock, tmp_path):
    deny(store, "agent", "import.run")
    store.audit.actor = Actor("Wang", "agent", "tty:test")
    path = write_csv(tmp_path / "x.csv", [row("300000000001")])
    error = refused(lambda: ImportService(store, clock, "Wang").run(path))
    assert error.params["allowed"] == "senior, lead" and store.cases.live.read() == []
    store.audit.actor = Actor("Zhao", "senior", "tty:test")
    assert ImportService(store, clock, "Zhao").run(path).written


def test_without_accounts_nothing_is_checked(store, clock):
    deny(store, "agent", "case.*")
    case = CaseService(store, clock, "Wang").add(CaseKind.AFTER_SALES, AFTER_SALES)
    assert CaseService(store, clock, "Wang").note(case["id"], "x")["timeline"][-1]["what"] == "note"


# -- at the command line: the same gate, the terminal's account ---------------------------

def test_accounts_and_the_trail_are_a_leads_at_the_command_line(tmp_path):
    from tests.serving import add_account, shiftboard

    data = tmp_path / "data"
    add_account(data, "Li", "lead")  # the first account needs nobody
    add_account(data, "Wang", "agent", by="Li")
    added = shiftboard(data, "--agent", "Wang", "team", "add", "Zhao", "--role", "agent", "--password-stdin",
                       input="password9\n")
    assert added.returncode == 2 and "may not manage the team's accounts; roles that may: lead" in added.stderr
    assert shiftboard(data, "--agent", "Wang", "team", "disable", "Li").returncode == 2
    own = shiftboard(data, "--agent", "Wang", "team", "passwd", "Wang", "--password-stdin", input="password10\n")
    assert own.returncode == 0, own.stderr  # everyone changes their own password
    trail = shiftboard(data, "--agent", "Wang", "audit")
    assert trail.returncode == 2 and "may not read the audit trail; roles that may: lead" in trail.stderr
    read = shiftboard(data, "--agent", "Li", "audit", "--agent", "Wang", "--json")
    assert read.returncode == 0 and '"agent": "Wang"' in read.stdout


def test_signing_a_handover_at_the_command_line(tmp_path):
    from tests.serving import add_account, shiftboard

    data = tmp_path / "data"
    add_account(data, "Li", "lead")
    add_account(data, "Wang", "agent", by="Li")
    (data / "roles.toml").write_text('[roles.agent]\ndeny = ["handover.sign"]\n', encoding="utf-8")
    signed = shiftboard(data, "--agent", "Wang", "--now", "2026-11-23 18:50", "handover", "sign")
    assert signed.returncode == 2 and "may not sign handovers; roles that may: senior agent, lead" in signed.stderr
    assert shiftboard(data, "--agent", "Li", "--now", "2026-11-23 18:50", "handover", "sign").returncode == 0


# -- in the app: the same gate, told in a toast ---------------------------------------------

async def test_an_agent_pressing_u_is_told_who_reads_the_trail(tmp_path):
    from tests.test_team_tui import app_for, notes
    from tests.waiting import until

    app = app_for(tmp_path / "data", "Wang", "agent")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("U")
        await until(pilot, lambda: any("may not read the audit trail; roles that may: lead" in note for note in notes(app)))
        assert type(app.screen).__name__ == "Dashboard"


async def test_a_note_refused_on_the_case_screen_names_who_may(tmp_path):
    from shiftboard.tui.desk.case import CaseScreen
    from tests.test_team_tui import app_for, notes
    from tests.waiting import until

    root = tmp_path / "data"
    app = app_for(root, "Wang", "agent")
    deny(app.store, "agent", "case.note")
    case = CaseService(app.store, app.clock, "Li", role="lead").add(CaseKind.AFTER_SALES, AFTER_SALES)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen.query("#checklist"))
        app.push_screen(CaseScreen(case["id"]))
        await until(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.query("#case-body"))
        await pilot.press("n", *"called", "enter")
        await until(pilot, lambda: any("may not add notes to cases; roles that may: senior agent, lead" in n for n in notes(app)))
    assert [e["what"] for e in app.cases.get(case["id"])["timeline"]] == [e["what"] for e in case["timeline"]]


def test_a_refusal_names_the_action_and_the_roles_in_words_in_both_languages():
    from shiftboard import i18n
    from shiftboard.errors import ShiftboardError
    from shiftboard.render.messages import message

    note = ShiftboardError("approval.denied", action="case.note", role="agent", allowed="senior, lead")
    move = ShiftboardError("approval.denied", action="after_sales.agree", role="agent", allowed="-")
    try:
        i18n.set_language("zh-CN")
        assert message(note) == "客服不能给工单加备注；可以的角色：资深客服、组长"
        assert message(move) == "客服不能对售后工单执行“同意”；可以的角色：无"
        i18n.set_language("en")
        assert message(note) == "the agent role may not add notes to cases; roles that may: senior agent, lead"
    finally:
        i18n.set_language("en")


def test_a_value_not_among_the_choices_lists_each_as_typed_with_what_it_means():
    from shiftboard import i18n
    from shiftboard.errors import ShiftboardError
    from shiftboard.render.messages import message

    clock = ShiftboardError("case.bad_choice", name="clock", value="nope", allowed="first_response, final_date")
    field = ShiftboardError("case.bad_choice", name="field", value="email", allowed="buyer_phone, buyer_address")
    none = ShiftboardError("case.bad_choice", name="check", value="x", allowed="-")
    try:
        i18n.set_language("zh-CN")
        assert message(clock).endswith("first_response（首次响应）, final_date（最终期限）")
        assert message(field).endswith("buyer_phone（电话）, buyer_address（地址）")
        assert message(none).endswith("：-")
        i18n.set_language("en")
        assert message(clock).endswith("first_response (first response), final_date (final date)")
    finally:
        i18n.set_language("en")


def test_a_lead_decides_at_the_command_line_and_the_trail_says_it_in_words(tmp_path):
    from tests.serving import add_account, shiftboard

    data = tmp_path / "data"
    add_account(data, "Li", "lead")
    add_account(data, "Wang", "agent", by="Li")
    made = shiftboard(data, "--agent", "Wang", "cases", "add", "complaint", "store=旗舰店", "buyer=张女士",
                      "problem=发错货", "complaint_kind=hard", "--json")
    assert made.returncode == 0, made.stderr
    case_id = json.loads(made.stdout)["id"]
    asked = shiftboard(data, "--agent", "Wang", "--lang", "zh", "cases", "move", case_id, "close")
    assert "等待组长审批" in asked.stdout + asked.stderr
    queue = shiftboard(data, "--agent", "Li", "--lang", "zh", "team", "approvals")
    assert "关闭" in queue.stdout and "结束硬投诉需组长审批" in queue.stdout
    assert shiftboard(data, "--agent", "Wang", "team", "approve", case_id).returncode == 2  # a lead's
    approved = shiftboard(data, "--agent", "Li", "--lang", "zh", "team", "approve", case_id)
    assert approved.returncode == 0 and "进入 已关闭" in approved.stdout, approved.stdout + approved.stderr
    trail = shiftboard(data, "--agent", "Li", "--lang", "zh", "audit", "--case", case_id)
    assert "王伟" not in trail.stdout and "Wang（客服）" in trail.stdout and "Li（组长）" in trail.stdout
    assert "审批→已批准" in trail.stdout and "approval" not in trail.stdout
