"""Undo and redo of everything the agent did on the dashboard, in order, named by the item's
text; quick presses share one toast."""

from __future__ import annotations

from tests.conftest import at
from tests.test_dashboard import make  # noqa: F401 - the fixture
from tests.waiting import until

SIZE = (100, 30)


def item(app, key: str):
    day, shift = app.service.locate()
    return app.service.view(day, shift).item(key)


def state(app, key: str):
    found = item(app, key)
    return (found.mark.state if found.mark else None, found.mark.reason if found.mark else None,
            [n.text for n in found.notes])


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_tick_skip_note_undone_in_order_and_redone(make):  # noqa: F811
    app = make()
    make.clock.at = at("2026-11-23 10:00")
    key = "orders.cannot-ship"
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.query_one("#checklist").highlighted_key)
        await pilot.press("down", "space")
        await until(pilot, lambda: state(app, key)[0] == "done")
        await pilot.press("s", *"warehouse closed", "enter")
        await until(pilot, lambda: state(app, key)[0] == "skipped")
        await pilot.press("n", *"courier 851", "enter")
        await until(pilot, lambda: state(app, key)[2] == ["courier 851"])
        await until(pilot, lambda: len(app.undo_stack) == 3)
        await pilot.press("ctrl+z")
        await until(pilot, lambda: state(app, key) == ("skipped", "warehouse closed", []))
        await until(pilot, lambda: any("Undone: Find orders that cannot ship" in t for t in toasts(app)))
        await pilot.press("ctrl+z")
        await until(pilot, lambda: state(app, key) == ("done", None, []))
        await pilot.press("ctrl+y", "ctrl+y")
        await until(pilot, lambda: state(app, key) == ("skipped", "warehouse closed", ["courier 851"]))
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        await until(pilot, lambda: state(app, key) == (None, None, []))
        await until(pilot, lambda: any("(and 2 more)" in t for t in toasts(app)), timeout=3)
        assert sum("Undone" in t for t in toasts(app)) == 3  # one per burst, not one per press
