"""Keys typed with no pause land where the agent meant them: in the dialog the previous key
opened, even before its field has focus."""

from __future__ import annotations

from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.store import Store
from shiftboard.tui.app import create_app
from shiftboard.tui.dashboard.screen import Dashboard
from tests.conftest import TZ, at
from tests.waiting import until


def _app(tmp_path):
    clock = FixedClock(at("2026-11-23 10:00"))
    return create_app(Settings(data_dir=tmp_path, agent="Li", lang="en", timezone=TZ), clock, Store(tmp_path, clock))


def burst(app, *keys: str) -> None:
    """Keys as a terminal delivers a burst (a paste, a fast typist, tmux): all at once, with
    no pause for the app to handle one before the next arrives. (`pilot.press` waits.)"""
    from textual import events

    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


def _notes(app) -> list[str]:
    view = app.service.view(*app.service.locate())
    return [note.text for block in view.blocks for item in block.items for note in item.notes]


def _mark(app, key):
    return app.service.view(*app.service.locate()).item(key).mark


async def test_a_skip_reason_typed_straight_after_s_is_kept_whole(tmp_path):
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, Dashboard) and app.screen.query_one("Checklist").option_count)
        await pilot.press("down", "s", *"warehouse closed", "enter")
        await until(pilot, lambda: _mark(app, "orders.cannot-ship") is not None, what="the skip")
        mark = _mark(app, "orders.cannot-ship")
        assert (mark.state, mark.reason) == ("skipped", "warehouse closed")


async def test_a_note_typed_straight_after_n_is_kept_whole(tmp_path):
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, Dashboard) and app.screen.query_one("Checklist").option_count)
        await pilot.press("n", *"3 parcels from Zhang", "enter")
        await until(pilot, lambda: _notes(app), what="the note")
        assert _notes(app) == ["3 parcels from Zhang"]


async def test_text_typed_straight_after_tab_lands_in_the_next_field_on_every_screen(tmp_path):
    """Tab is handled as it arrives wherever it is pressed (the import screen here), so the
    keys right behind it go to the field it moved to, not the one it left."""
    from textual.widgets import Input

    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, Dashboard) and app.screen.query_one("Checklist").option_count)
        await pilot.press("c")
        await until(pilot, lambda: type(app.screen).__name__ == "CaseDesk")
        await pilot.press("i")
        await until(pilot, lambda: app.screen.query("#import-store"))
        burst(app, *"/tmp/x.csv", "tab", *"flagship")
        await until(pilot, lambda: app.screen.query_one("#import-store", Input).value == "flagship")
        assert app.screen.query_one("#import-file", Input).value.endswith("/tmp/x.csv")


async def test_a_note_entered_just_before_ctrl_q_is_written(tmp_path):
    """Enter then ctrl+q in one burst: the app closes only once the note is in the store."""
    from shiftboard.tui.modals import TextPrompt

    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, Dashboard) and app.screen.query_one("Checklist").option_count)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt))
        burst(app, *"last words", "enter", "ctrl+q")
        await until(pilot, lambda: not app.is_running, what="the app closing")
    again = _app(tmp_path)
    assert _notes(again) == ["last words"]
