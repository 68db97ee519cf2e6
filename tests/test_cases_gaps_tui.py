"""The desk's screen gaps: a new case shows up focused whatever the filters; an open case
follows another agent's change."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from shiftboard.services.cases import CaseService
from shiftboard.tui.desk.case import CaseScreen
from shiftboard.tui.desk.screen import CaseDesk
from tests.test_desk_tui import data, make, open_case, open_desk, text_of  # noqa: F401
from tests.test_handover_tui import settle
from tests.waiting import until


async def wait_until(pilot, condition, tries: int = 100) -> None:
    """Pause until `condition()` holds (a bounded number of short pauses, then fail)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def test_a_new_case_is_shown_and_focused_though_the_filter_hides_its_kind(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(pilot, "b")  # after-sales only, then breached only: the new case is neither
        assert app.screen.wanted.breached
        await pilot.press("n", "down", "enter")  # a return register entry
        await settle(pilot)
        form = app.screen
        for name, value in (("store", "Outlet"), ("item", "Kettle"), ("quantity", "1"), ("problem", "leaks"),
                            ("return_tracking_no", "SF5555555555")):
            form.query_one(f"#f-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        desk = app.screen
        assert isinstance(desk, CaseDesk)
        await wait_until(pilot, lambda: desk.current_id is not None and desk._focus is None)
        made = app.cases.search("SF5555555555")[0]
        assert desk.current_id == made["id"] and not desk.wanted.breached and desk.wanted.kind is None
        await until(pilot, lambda: any("cleared" in n.message for n in app._notifications), what="the toast")
        assert desk.query_one(DataTable).row_count == 4


async def test_an_open_case_shows_another_agents_change(make, data):
    app = make()
    _, ids = data
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case(pilot, ids["after_sales"])
        assert isinstance(app.screen, CaseScreen)
        CaseService(app.store, app.clock, "Wang").note(ids["after_sales"], "called the buyer back")
        await wait_until(pilot, lambda: "called the buyer back" in text_of(app, "#case-body"))
