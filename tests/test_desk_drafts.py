"""Case-desk forms keep what was typed: the new-case form is drafted to disk about a second
after the last key and offered back when the agent opens the same form again (after a quit
that asked first), dropped once saved or discarded; a case's reply note is drafted per case."""

from __future__ import annotations

from textual.widgets import Input

from shiftboard.tui.desk.case_form import CaseForm
from shiftboard.tui.handover.parts import Confirm
from shiftboard.tui.modals import Choice, TextPrompt
from tests.test_desk_tui import data, make, open_case, open_desk  # noqa: F401 - fixtures
from tests.waiting import until

NEW = "case_form:new:after_sales"


def drafted(app) -> dict[str, dict]:
    return {r["place"]: r["fields"] for r in app.store.drafts.table.read()} if app.store.drafts.table.path.exists() else {}


def value(app, name: str) -> str:
    return app.screen.query_one(f"#f-{name}", Input).value


async def new_form(pilot) -> None:
    await open_desk(pilot, "n", "enter")  # after-sales is offered first
    await until(pilot, lambda: isinstance(pilot.app.screen, CaseForm))
    pilot.app.screen.query_one("#f-store", Input).focus()


async def test_a_typed_form_is_drafted_asked_about_at_quit_and_offered_back(make):  # noqa: F811
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await new_form(pilot)
        await pilot.press(*"Outlet", "tab", *"2026112300888")
        await until(pilot, lambda: drafted(app).get(NEW, {}).get("f-order_no") == "2026112300888",
                    what="the draft on disk")
        assert drafted(app)[NEW]["f-store"] == "Outlet"
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert app.is_running  # asked first
        await pilot.press("y")
        await until(pilot, lambda: not app.is_running)
    again = make()
    async with again.run_test(size=(100, 30)) as pilot:
        await new_form(pilot)
        await until(pilot, lambda: value(again, "store") == "Outlet" and value(again, "order_no") == "2026112300888",
                    what="the form filled back from its draft")
        for name, text in (("item", "Kettle"), ("quantity", "2"), ("problem", "leaks")):
            again.screen.query_one(f"#f-{name}", Input).value = text
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(again.screen, CaseForm) and again.pending_writes == 0)
        assert [r["store"] for r in again.cases.search("2026112300888")] == ["Outlet"]
        await until(pilot, lambda: NEW not in drafted(again), what="the draft dropped once saved")


async def test_discarding_a_form_drops_its_draft(make):  # noqa: F811
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await new_form(pilot)
        await pilot.press(*"Outlet")
        await until(pilot, lambda: NEW in drafted(app))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Choice))
        await pilot.press("down", "enter")  # discard
        await until(pilot, lambda: not isinstance(app.screen, (Choice, CaseForm)))
        await until(pilot, lambda: NEW not in drafted(app), what="the draft dropped")


async def test_a_reply_note_is_drafted_for_its_own_case(make, data):  # noqa: F811
    app = make()
    _, ids = data
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case(pilot, ids["complaint"])
        app.screen.action_reply_note()
        await until(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"we will call at 3")
        await until(pilot, lambda: drafted(app).get(f"case_reply:{ids['complaint']}") == {"answer": "we will call at 3"})
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, TextPrompt))
        app.screen.action_reply_note()
        await until(pilot, lambda: isinstance(app.screen, TextPrompt)
                    and app.screen.query_one("#answer", Input).value == "we will call at 3")
