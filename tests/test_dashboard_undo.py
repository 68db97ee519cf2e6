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
        # A burst: three undos with no pause between them (called at once, so that a loaded
        # machine cannot spread them over the 0.4 s a burst lasts; ctrl+z itself is pressed above).
        app.undo(), app.undo(), app.undo()
        await until(pilot, lambda: state(app, key) == (None, None, []))
        await until(pilot, lambda: any("(and 2 more)" in t for t in toasts(app)))
        assert sum("Undone" in t for t in toasts(app)) == 3  # one per burst, not one per press


async def test_changing_an_earlier_run_asks_and_is_marked_edited_later(make):  # noqa: F811
    from shiftboard.tui.handover.parts import Confirm

    app = make()
    make.clock.at = at("2026-12-04 10:00")  # 11 days later
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.query_one("#checklist").highlighted_key)
        await pilot.press("d", *["backspace"] * 10, *"2026-11-23", "enter")
        await until(pilot, lambda: str(app.screen.date) == "2026-11-23" and app.screen.view.run_id == "2026-11-23/day")
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await until(pilot, lambda: (app.service.run(*app.service.locate("2026-11-23", "day")) or {}).get("edited_later"))
        run = app.service.run(*app.service.locate("2026-11-23", "day"))
        assert run["edited_later"][0]["by"] == "Li" and run["items"]["overnight.returns"]["state"] == "done"
        await pilot.press("down", "space")  # confirmed once for this run
        await until(pilot, lambda: len(app.service.run(*app.service.locate("2026-11-23", "day"))["edited_later"]) == 2)
