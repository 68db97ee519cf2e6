"""The case desk driven by keys: the due-soon panel and block badge on the dashboard, the queue
and its filters, search across archived months, the form's live checks, moves, reveals, and
the stale-edit refusal that keeps what the agent typed."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Label, Static

from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.domain.cases.model import CaseKind, entries
from shiftboard.services.cases import CaseService
from shiftboard.store import Store
from shiftboard.tui.app import create_app
from shiftboard.tui.desk.case_form import CaseForm
from shiftboard.tui.desk.case import CaseScreen
from shiftboard.tui.desk.screen import CaseDesk
from shiftboard.tui.dashboard.due_soon import DueSoon
from tests.conftest import TZ, at
from tests.test_handover_tui import settle

ORDER = {"store": "Flagship", "order_no": "2026112300123", "item": "T-shirt L", "quantity": "1",
         "amount": "59.90", "problem": "too small", "buyer": "Ms Zhang", "seven_day": "yes",
         "buyer_phone": "13812345678"}


@pytest.fixture
def data(tmp_path):
    """A morning's desk: a complaint opened 20 min ago (first response breached), an
    after-sales request, a logistics inquiry; and last month's closed case, archived."""
    clock = FixedClock(at("2026-10-20 09:00"))
    store = Store(tmp_path, clock)
    old = CaseService(store, clock, "Zhao").add(CaseKind.AFTER_SALES, {**ORDER, "order_no": "2026102000999"})
    CaseService(store, clock, "Zhao").move(old["id"], "close", old["version"])
    clock.at = at("2026-11-23 08:25")
    store.maintain()
    desk = CaseService(store, clock, "Zhao")
    ids = {"complaint": desk.add(CaseKind.COMPLAINT, {"store": "Flagship", "buyer": "Mr Wang",
                                                      "complaint_kind": "soft"})["id"],
           "after_sales": desk.add(CaseKind.AFTER_SALES, ORDER)["id"],
           "logistics": desk.add(CaseKind.LOGISTICS, {"store": "Outlet", "order_no": "2026112200456",
                                                      "tracking_no": "SF1234567890", "courier": "SF"})["id"],
           "archived": old["id"]}
    return tmp_path, ids


@pytest.fixture
def make(data):
    root, _ = data

    def build(now: str = "2026-11-23 08:45", lang: str = "en"):
        clock = FixedClock(at(now))
        settings = Settings(data_dir=root, agent="Li", lang=lang, timezone=TZ)
        return create_app(settings, clock, Store(root, clock))

    return build


def text_of(app, selector: str) -> str:
    """What a Static shows, as plain text (tables and groups included)."""
    console = Console(width=100, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.file.getvalue()


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


async def open_case(pilot, case_id: str) -> None:
    await settle(pilot)
    pilot.app.push_screen(CaseScreen(case_id))
    await settle(pilot)


async def open_desk(pilot, *keys: str) -> None:
    await settle(pilot)
    await pilot.press("c", *keys)
    await settle(pilot)


async def test_dashboard_shows_what_runs_out_next_and_the_blocks_queue(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = str(app.screen.query_one(DueSoon).render())
        assert panel.splitlines()[0].startswith("‼")  # opened 08:25, 15 min to answer: breached
        assert "Complaint Mr Wang first response" in panel
        # 08:45 is the overnight after-sales block: its badge counts the open after-sales cases
        assert "After-sales: 1 open · Stock notice: 0 open · c opens the queue" in text_of(app, "#block-head")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CaseDesk) and app.screen.wanted.kind == "after_sales"
        assert [row[1] for row in table_rows(app)] == ["After-sales"]


async def test_a_clock_going_at_risk_raises_a_toast_once(make, data):
    app = make("2026-11-23 09:10")
    _, ids = data
    CaseService(app.store, app.clock, "Zhao").add(CaseKind.REVIEW, {
        "store": "Flagship", "order_no": "2026112300777", "rating": "bad", "review_text": "slow",
        "promised_at": "09:30"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(DueSoon)
        assert not any("At risk" in n.message for n in app._notifications)  # the first look is the baseline
        app.clock.at = at("2026-11-23 09:21")  # 9 minutes before the promised callback
        panel.refresh_cases()
        await settle(pilot)
        toasts = [n.message for n in app._notifications if n.message.startswith("At risk")]
        assert toasts == ["At risk: 2026112300777 — promised callback"]
        panel.refresh_cases()
        await settle(pilot)
        assert len([n for n in app._notifications if n.message.startswith("At risk")]) == 1


async def test_filters_narrow_the_queue_and_say_so(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(pilot, "x")
        await settle(pilot)
        assert len(table_rows(app)) == 3
        assert table_rows(app)[0][1] == "Complaint"  # sorted by due: the breached one first
        await pilot.press("b")
        await settle(pilot)
        assert [row[1] for row in table_rows(app)] == ["Complaint"]
        assert "breached" in text_of(app, "#desk-head")
        await pilot.press("b", "f", "down", "down", "down", "down", "down", "enter")  # (any) → … → Logistics
        await settle(pilot)
        assert [row[1] for row in table_rows(app)] == ["Logistics"]
        assert "kind: Logistics" in text_of(app, "#desk-head")


async def test_search_finds_a_closed_case_of_an_earlier_month(make, data):
    app = make()
    _, ids = data
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(pilot, "slash", *"2026102000999", "enter")
        await settle(pilot)
        rows = table_rows(app)
        assert [(r[0], r[3]) for r in rows] == [("2026-10", "closed")]  # where, status
        assert 'search "2026102000999": 1 case(s)' in text_of(app, "#desk-head")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == ids["archived"]
        assert "Archived in 2026-10" in text_of(app, "#case-body")
        await pilot.press("escape", "escape")  # out of the case, then out of the search
        await settle(pilot)
        assert len(table_rows(app)) == 1 and app.screen.query_text is None


async def test_the_form_checks_as_one_types_and_keeps_input_when_refused(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(pilot, "n", "enter")  # the desk opened on after-sales: that kind is offered first
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseForm) and form.kind is CaseKind.AFTER_SALES
        form.query_one("#f-store", Input).focus()
        await pilot.press(*"Outlet", "tab", *"12-34")
        await settle(pilot)
        assert str(form.query_one("#e-order_no", Label).render()) == "digits only (6–24)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: every field it names is marked, nothing is lost
        assert str(form.query_one("#e-quantity", Label).render()) == "required"
        assert form.query_one("#f-store", Input).value == "Outlet"
        form.query_one("#f-order_no", Input).value = "2026112300888"
        for name, value in (("item", "Kettle"), ("quantity", "2"), ("problem", "leaks")):
            form.query_one(f"#f-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDesk)
        made = app.cases.search("2026112300888")
        assert [(r["store"], r["status"], r["handler"]) for r in made] == [("Outlet", "awaiting_seller", "Li")]


async def test_leaving_a_typed_form_asks_first(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(pilot, "n", "enter")
        app.screen.query_one("#f-store", Input).focus()
        await pilot.press(*"Outlet", "escape")
        await settle(pilot)
        assert "Leave the form?" in str(app.screen.query_one(".title").render())
        await pilot.press("enter")  # "keep editing" is the default
        await settle(pilot)
        assert isinstance(app.screen, CaseForm) and app.screen.query_one("#f-store", Input).value == "Outlet"


async def test_moves_offer_only_legal_ones_and_reveal_is_recorded(make, data):
    app = make()
    _, ids = data
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case(pilot, ids["after_sales"])
        body = text_of(app, "#case-body")
        assert "138****5678" in body and "13812345678" not in body
        await pilot.press("m")
        await settle(pilot)
        offered = [str(o.prompt) for o in app.screen.query_one("OptionList")._options]
        assert offered == ["agree", "close"]  # a 7-day return: agree first, never reject outright
        await pilot.press("enter")
        await settle(pilot)
        assert app.cases.get(ids["after_sales"])["status"] == "awaiting_return"
        assert "After-sales · awaiting return" in text_of(app, "#case-body")
        await pilot.press("v")
        await settle(pilot)
        assert "13812345678" in text_of(app, "#case-body")
        revealed = entries(app.cases.get(ids["after_sales"]), "revealed")
        assert [(e["by"], e["field"]) for e in revealed] == [("Li", "buyer_phone")]
        await pilot.press("v")
        assert "13812345678" not in text_of(app, "#case-body")


async def test_a_contact_attempt_takes_three_keys(make, data):
    app = make()
    _, ids = data
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case(pilot, ids["complaint"])
        await pilot.press("c", "down", "enter", "down", "enter", *"busy", "enter")  # phone, no answer
        await settle(pilot)
        contact = entries(app.cases.get(ids["complaint"]), "contact")
        assert [(c["channel"], c["outcome"], c["text"]) for c in contact] == [("phone", "no_answer", "busy")]
        assert "phone: no answer  busy" in text_of(app, "#case-body")


async def test_a_stale_save_keeps_the_input_and_shows_their_change(make, data):
    app = make()
    _, ids = data
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case(pilot, ids["after_sales"])
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-problem", Input).value = "two sizes too small"
        # meanwhile Wang corrects the amount on another machine
        wang = CaseService(Store(app.store.root, FixedClock(at("2026-11-23 08:42"))), app.clock, "Wang")
        wang.edit(ids["after_sales"], 1, {"amount": "49.90"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        problem = text_of(app, "#form-problem")
        assert "changed by Wang at 08:45 since you opened it" in problem
        assert "amount: 59.90 → 49.90" in problem
        assert form.query_one("#f-problem", Input).value == "two sizes too small"
        await pilot.press("ctrl+s")  # saving again writes only what this agent changed
        await settle(pilot)
        saved = app.cases.get(ids["after_sales"])
        assert (saved["problem"], saved["amount"], saved["version"]) == ("two sizes too small", "49.90", 3)


async def test_the_palette_lists_the_keys_of_the_screen_in_front(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Cases" in [c.title for c in app.get_system_commands(app.screen)]
        await open_desk(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"New", "Register", "Rules", "Breached"} <= set(titles) and "Cases" not in titles


async def test_a_broken_policy_file_is_said_once_and_stays_said_in_the_panel(make, data):
    root, _ = data
    (root / "policy.toml").write_text("at_risk_minutes = -5\n", encoding="utf-8")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(DueSoon).refresh_cases()
        await settle(pilot)
        errors = [n.message for n in app._notifications if "policy.toml" in n.message]
        assert len(errors) == 1 and "problem" in errors[0]
        assert "policy.toml" in str(app.screen.query_one(DueSoon).render())
