"""A lead's screens driven by keys: the badge and toast when an agent asks for approval, the
approvals queue (approve, refuse with a reason), the audit trail filtered by agent; an agent
is told the move waits and may not open a lead's screens."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, OptionList

from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.domain.cases.model import CaseKind
from shiftboard.services.approvals import awaiting
from shiftboard.services.cases import CaseService
from shiftboard.store import Store
from shiftboard.store.audit import Actor
from shiftboard.tui.app import create_app
from shiftboard.tui.team.approvals import ApprovalsScreen
from shiftboard.tui.team.audit import AuditScreen, parse_filter
from shiftboard.tui.team.badge import ApprovalBadge
from tests.conftest import TZ, at
from tests.waiting import until

HARD = {"store": "旗舰店", "buyer": "张三", "complaint_kind": "hard"}


@pytest.fixture
def root(tmp_path):
    return tmp_path / "data"


def app_for(root, agent: str, role: str, lang: str = "en"):
    clock = FixedClock(at("2026-11-23 08:45"))
    store = Store(root, clock)
    store.audit.actor = Actor(agent, role, "tty:test")
    return create_app(Settings(data_dir=root, agent=agent, lang=lang, timezone=TZ, role=role), clock, store)


def agent_asks(root) -> str:
    """Wang (an agent, in another process as far as the lead's app knows) asks to close a
    hard complaint."""
    clock = FixedClock(at("2026-11-23 08:45"))
    store = Store(root, clock)
    store.audit.actor = Actor("Wang", "agent", "web:aaaa1111")
    desk = CaseService(store, clock, "Wang", role="agent")
    case = desk.add(CaseKind.COMPLAINT, HARD)
    desk.move(case["id"], "close", None)
    return case["id"]


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_lead_sees_badge_and_toast_then_approves_from_the_queue(root):
    app = app_for(root, "Li", "lead")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen.query_one(ApprovalBadge).count == 0, what="the badge")
        case_id = agent_asks(root)
        await until(pilot, lambda: app.screen.query_one(ApprovalBadge).count == 1, what="a request counted")
        await until(pilot, lambda: any("await your approval" in note for note in notes(app)), what="the toast")
        assert "1 awaiting approval" in str(app.screen.query_one(ApprovalBadge).render())
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, ApprovalsScreen) and app.screen.queue)
        assert app.screen.query_one(OptionList).option_count == 1
        await pilot.press("a")
        await until(pilot, lambda: not app.screen.queue, what="the queue emptied")
        await until(pilot, lambda: any(note.startswith("approved: case") for note in notes(app)), what="the answer")
    case = Store(root, FixedClock(at("2026-11-23 08:45"))).cases.locate(case_id)[0]
    assert case["status"] == "closed" and case["approval"]["decided_by"] == "Li"


async def test_lead_refuses_with_a_reason(root):
    case_id = agent_asks(root)
    app = app_for(root, "Li", "lead")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, ApprovalsScreen) and app.screen.queue)
        await pilot.press("x")
        await until(pilot, lambda: app.screen.query_one(Input).has_focus, what="the reason prompt")
        await pilot.press(*"call first", "enter")
        await until(pilot, lambda: isinstance(app.screen, ApprovalsScreen) and not app.screen.queue)
    case = Store(root, FixedClock(at("2026-11-23 08:45"))).cases.locate(case_id)[0]
    assert case["status"] == "open" and case["approval"]["refusal"] == "call first"


async def test_an_agent_may_not_open_a_leads_screens(root):
    app = app_for(root, "Wang", "agent")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("A")
        await until(pilot, lambda: any("only a lead" in note for note in notes(app)))
        assert not isinstance(app.screen, ApprovalsScreen) and not app.screen.query(ApprovalBadge)


async def test_the_audit_screen_filters_by_agent(root):
    agent_asks(root)
    app = app_for(root, "Li", "lead", lang="zh-CN")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("U")
        await until(pilot, lambda: isinstance(app.screen, AuditScreen)
                    and app.screen.query_one(DataTable).row_count == 2, what="the trail")
        await pilot.press(*"Li")
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 0, what="Li has no changes")


def test_the_audit_filter_reads_agent_case_and_days():
    assert parse_filter("Li 01M8S299Q1QJQQMD7PGGRQJ4Z4 2026-11-23") == {
        "agent": "Li", "record": "01M8S299Q1QJQQMD7PGGRQJ4Z4", "since": "2026-11-23", "until": "2026-11-23"}
    assert parse_filter("2026-11-25 2026-11-20") == {"since": "2026-11-20", "until": "2026-11-25"}


def test_an_agents_request_is_marked_on_the_case(root):
    case_id = agent_asks(root)
    assert awaiting(Store(root, FixedClock(at("2026-11-23 08:45"))).cases.locate(case_id)[0])


async def test_the_badge_does_not_take_a_cell_of_the_dashboards_grid(root):
    agent_asks(root)
    app = app_for(root, "Li", "lead")
    async with app.run_test(size=(133, 38)) as pilot:
        await until(pilot, lambda: app.screen.query_one(ApprovalBadge).region.height == 1)  # shown, laid out
        side, badge = app.screen.query_one("#side").region, app.screen.query_one(ApprovalBadge).region
        assert (side.x, side.width) == (0, 36) and app.screen.query_one("#checklist").region.x == 36
        assert (badge.width, badge.y) == (133, 36)  # a line of its own above the footer


async def test_the_case_says_in_words_what_waits_for_a_lead_and_what_a_lead_refused(root):
    from shiftboard.services.approvals import ApprovalService
    from shiftboard.tui.desk.case import CaseScreen
    from tests.test_desk_tui import text_of

    case_id = agent_asks(root)
    app = app_for(root, "Wang", "agent", lang="zh-CN")

    def said() -> str:
        return text_of(app, "#case-body").replace("\n", "") if isinstance(app.screen, CaseScreen) else ""

    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(CaseScreen(case_id))
        await until(pilot, lambda: "等待组长审批：关闭（结束硬投诉需组长审批），Wang 于" in said(), what="the request")
        assert "approval" not in said() and "'state'" not in said()  # not a raw record among the fields
        clock = FixedClock(at("2026-11-23 08:50"))
        ApprovalService(CaseService(Store(root, clock), clock, "Li", role="lead")).refuse(case_id, "先联系买家")
        await until(pilot, lambda: "Li 驳回了“关闭”：先联系买家" in said(), what="the refusal")
