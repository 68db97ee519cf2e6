"""The order's and the buyer's one view, reached from a partial search on the desk."""

from __future__ import annotations

from shiftboard.domain.cases.model import CaseKind
from shiftboard.services.cases import CaseService
from shiftboard.tui.desk.case import CaseScreen
from shiftboard.tui.desk.dossier import DossierScreen
from tests.test_desk_tui import ORDER, data, make, open_desk, table_rows, text_of  # noqa: F401
from tests.test_handover_tui import settle
from tests.waiting import until


async def test_partial_search_then_the_orders_view_then_a_case(make, data):
    app = make()
    _, ids = data
    CaseService(app.store, app.clock, "Zhao").note(ids["after_sales"], "buyer will post it today")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot, "slash", *"300123", "enter")  # the order's last 6 digits
        await settle(pilot)
        assert [row[2] for row in table_rows(app)] == ["Ms Zhang"]
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        head = text_of(app, "#dossier-head")
        assert "Order 2026112300123: 1 case(s), 0 register entr(ies), 1 note(s)" in head
        assert "buyer will post it today" in text_of(app, "#dossier-body")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == ids["after_sales"]
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("y")  # the buyer's view: this month's case and last month's archived one
        await settle(pilot)
        assert "Buyer Ms Zhang: 2 case(s)" in text_of(app, "#dossier-head")
        assert sorted(row[0] for row in table_rows(app)) == ["2026-10", "open"]


async def test_a_case_without_an_order_no_says_so(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot, "x")  # the complaint (no order no.) is on top
        await pilot.press("v")
        await settle(pilot)
        assert not isinstance(app.screen, DossierScreen)
        await until(pilot, lambda: any("no order no." in n.message for n in app._notifications), what="the toast")
