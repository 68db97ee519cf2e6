"""The dashboard driven by real key presses, with a fixed clock and a temp data dir."""

from __future__ import annotations

import pytest

from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.services.shift import ShiftService
from shiftboard.store import Store
from shiftboard.tui.app import create_app
from shiftboard.tui.dashboard.checklist import Checklist
from shiftboard.tui.desk.timeline import Timeline
from tests.conftest import TZ, at
from tests.waiting import settle, until

SIZE = (100, 30)


@pytest.fixture
def make(tmp_path):
    """Build the app the way the CLI does, on a data dir that survives restarts."""
    clock = FixedClock(at("2026-11-23 08:45"))

    def build(lang: str = "en", first_run: bool = False):
        settings = Settings(data_dir=tmp_path, agent="Li", lang=lang, timezone=TZ, first_run=first_run)
        store = Store(tmp_path, clock)
        return create_app(settings, clock, store)

    build.clock = clock
    return build


def run_state(app, key: str):
    day, shift = app.service.locate()
    item = app.service.view(day, shift).item(key)
    return item.mark.state if item.mark else None


def rows(app) -> list[str]:
    checklist = app.screen.query_one(Checklist)
    return [str(checklist.get_option_at_index(i).prompt) for i in range(checklist.option_count)]


async def test_opens_on_the_current_block_and_space_ticks(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(Timeline).selected == 0
        assert "0:45:00" in str(app.screen.query_one("#block-head").render())
        await pilot.press("space")
        await settle(pilot)
        assert run_state(app, "overnight.returns") == "done"
        assert rows(app)[0].startswith("✓ Handle yesterday's return") and "Li 08:45" in rows(app)[0]
    again = make()
    async with again.run_test(size=SIZE) as pilot:  # persisted across a restart
        await settle(pilot)
        assert rows(again)[0].startswith("✓")


async def test_undo_restores_an_accidental_key(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "space")
        await settle(pilot)
        assert run_state(app, "overnight.missed-orders") == "done"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert run_state(app, "overnight.missed-orders") is None
        assert rows(app)[1].startswith("○")


async def test_skip_asks_for_the_reason_the_playbook_requires(make):
    app = make()
    make.clock.at = at("2026-11-23 10:00")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "s")
        await pilot.press("enter")
        assert "cannot be empty" in str(app.screen.query_one("#error").render())
        await pilot.press(*"warehouse closed")
        await pilot.press("enter")
        await settle(pilot)
        day, shift = app.service.locate()
        mark = app.service.view(day, shift).item("orders.cannot-ship").mark
        assert (mark.state, mark.reason) == ("skipped", "warehouse closed")


async def test_note_in_chinese_places_the_cursor_for_the_ime(make):
    app = make(lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.press(*"已联系买家")
        field = app.screen.query_one("#answer")
        assert app.cursor_position == field.cursor_screen_offset
        await pilot.press("enter")
        await settle(pilot)
        assert "✎ Li 08:45  已联系买家" in str(app.screen.query_one("#detail").render())
        assert "处理前天售后" in str(app.screen.query_one(Timeline).render())


async def test_block_navigation_and_back_to_now(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right", "right")
        assert app.screen.query_one(Timeline).selected == 2
        assert rows(app)[0].startswith("· Find new middle/bad reviews")
        await pilot.press("left_square_bracket")
        assert app.screen.query_one(Timeline).selected == 1
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.query_one(Timeline).selected == 0


async def test_block_turns_overdue_when_time_moves(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        make.clock.advance(minutes=50)  # 09:35: overnight ended with everything open
        app.screen.on_clock()
        await settle(pilot)
        assert "! 08:30–09:30 0/6 Overnight after-sales" in str(app.screen.query_one(Timeline).render())
        assert "6 overdue item(s) in: Overnight after-sales" in str(app.screen.query_one("#block-head").render())
        assert app.screen.query_one(Timeline).selected == 0  # the focus stayed where the agent was
        assert "New orders has started" in str(app.screen.query_one("#block-head").render())
        await pilot.press("space")  # ticks the item the agent was on, not the new block's first
        await settle(pilot)
        assert run_state(app, "overnight.returns") == "done" and run_state(app, "orders.process") is None
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.query_one(Timeline).selected == 1
        assert "has started" not in str(app.screen.query_one("#block-head").render())


async def test_another_agents_tick_shows_up_without_restart(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = ShiftService(app.store, app.service.playbook, make.clock, "Wang")
        other.tick(*other.locate(), "overnight.inquiries")
        app.screen.on_clock()
        await settle(pilot)
        assert "Wang 08:45" in rows(app)[4]


async def test_a_teammates_note_changes_its_row_in_place_and_the_highlight_stays(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        checklist = app.screen.query_one(Checklist)
        kept, options = checklist.highlighted_key, list(checklist._options)
        other = ShiftService(app.store, app.service.playbook, make.clock, "Wang")
        other.note(*other.locate(), "overnight.inquiries", "courier 851 calls back at 10")
        app.screen.on_clock()
        await until(pilot, lambda: "✎1" in rows(app)[4])
        assert checklist.highlighted_key == kept
        assert list(checklist._options) == options  # rows replaced in place, the list not rebuilt


async def test_pick_another_date_and_shift(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", *["backspace"] * 10, *"2026-11-20", "enter")
        await settle(pilot)
        assert app.screen.date.to_date_string() == "2026-11-20"
        assert "not the shift under way" in str(app.screen.query_one("StatusBar").render())
        await pilot.press("S", "down", "enter")
        await settle(pilot)
        assert app.screen.shift.id == "night"


async def test_first_run_asks_name_and_language_once(make, tmp_path):
    app = make(first_run=True)
    config = tmp_path / "config.toml"
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "FirstRun", what="the first-run dialog")
        await pilot.press(*["backspace"] * 5, *"Zhou", "enter")
        await until(pilot, lambda: 'agent = "Zhou"' in config.read_text(encoding="utf-8"), what="the config")
    assert (tmp_path / "config.toml").stat().st_mode & 0o777 == 0o600


async def test_language_switch_help_and_too_small(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await until(pilot, lambda: "处理前天售后" in str(app.screen.query_one(Timeline).render()), what="Chinese")
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "Dashboard"
    small = make()
    async with small.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        note = small.screen.query_one("#too-small")
        assert note.display and "60×20" in str(note.render())
        assert not small.screen.query_one("#checklist").display
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: not note.display, what="the note to go")
        assert not note.display and small.screen.query_one("#checklist").display


async def test_reply_library_and_phrase_check_open_from_the_dashboard(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, screen in (("r", "ReplyLibrary"), ("k", "ReplyCheck")):
            await pilot.press(key)
            await until(pilot, lambda s=screen: type(app.screen).__name__ == s, what=screen)
            await settle(pilot)  # its worker (the library's index) done: Escape is not lost
            await pilot.press("escape")
            await until(pilot, lambda: type(app.screen).__name__ == "Dashboard", what="the dashboard")


async def test_the_chosen_theme_is_used_and_remembered(tmp_path):
    from shiftboard.store import Store as DataStore

    clock = FixedClock(at("2026-11-23 08:45"))
    settings = Settings(data_dir=tmp_path, agent="Li", lang="en", timezone=TZ, theme="shiftboard-high-contrast")
    app = create_app(settings, clock, DataStore(tmp_path, clock))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "shiftboard-high-contrast"
        await pilot.press("ctrl+p")
        await until(pilot, lambda: type(app.screen).__name__ == "CommandPalette", what="the palette")
        await pilot.press(*"Theme", "enter")
        await until(pilot, lambda: "theme" in str(app.screen.query_one("Input").placeholder), what="the theme search")
        await pilot.press(*"nord", "enter")
        await until(pilot, lambda: 'theme = "nord"' in (tmp_path / "config.toml").read_text(encoding="utf-8")
                    if (tmp_path / "config.toml").exists() else False, what="the config")
        assert app.theme == "nord"


async def test_a_bad_date_keeps_the_date_dialog_open_with_what_was_typed(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await until(pilot, lambda: type(app.screen).__name__ == "TextPrompt", what="the date dialog")
        await pilot.press(*["backspace"] * 10, *"2026-13-45", "enter")
        await settle(pilot)
        answer = app.screen.query_one("#answer")
        assert type(app.screen).__name__ == "TextPrompt" and answer.value == "2026-13-45"
        assert "2026-13-45" in str(app.screen.query_one("#error").render()) and answer.has_class("-invalid")
        await pilot.press(*["backspace"] * 5, *"11-20", "enter")
        await until(pilot, lambda: type(app.screen).__name__ == "Dashboard", what="the dashboard")
        await until(pilot, lambda: app.screen.query_one("StatusBar").view.date.to_date_string() == "2026-11-20")
