"""The demo app the screen tests share, and a snapshot of a state no screen walk reaches (every
screen itself is pictured at 80×24 in both languages by tests/test_screens_snapshots.py).

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

from shiftboard import i18n
from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.demo import fill_demo
from shiftboard.store import Store
from shiftboard.tui.app import create_app
from tests.conftest import TZ, at
from tests.waiting import settle, until


def demo_app(tmp_path, lang: str):
    clock = FixedClock(at("2026-11-23 15:10"))
    settings = Settings(data_dir=tmp_path, agent="Li", lang=lang, timezone=TZ, demo=True)
    store = Store(tmp_path, clock)
    i18n.set_language(lang)
    fill_demo(settings, clock, store)
    return create_app(settings, clock, store)


async def open_from_the_dashboard(pilot, keys: tuple[str, ...], expected: str | None) -> None:
    """Back to the dashboard, then `keys` (each let settle), until `expected` is in front."""
    while len(pilot.app.screen_stack) > 1:
        pilot.app.pop_screen()
        await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    if expected:
        await until(pilot, lambda: type(pilot.app.screen).__name__ == expected, what=expected)


async def loaded(pilot) -> None:
    await settle(pilot)
    await pilot.press("escape")  # the demo opens on last night's handover: leave it waiting
    await settle(pilot)


def test_case_form_refused(snap_compare, tmp_path):
    """A new after-sales form saved with a bad order no. and nothing else: the summary at the top
    names the fields that need attention, and each says its problem beneath it."""
    async def bad_form(pilot) -> None:
        await loaded(pilot)
        await pilot.press("c", "x", "n", "enter")
        await settle(pilot)
        await pilot.press("tab", *"12-34", "ctrl+s")  # from the store to the order no.
        # The refusal comes back from the writer thread, then moves the focus to the first bad field.
        await until(pilot, lambda: pilot.app.screen.query("#form-problem.shown"), what="the refusal")
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path, "en"), terminal_size=(100, 30), run_before=bad_form)
