"""SVG snapshots of the dashboard; each docstring says what you should see.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

import pytest

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


async def loaded(pilot) -> None:
    await settle(pilot)
    await pilot.press("escape")  # the demo opens on last night's handover: leave it waiting
    await settle(pilot)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_dashboard_demo_day(snap_compare, tmp_path, lang):
    """The demo day at 15:10, under the amber line of last night's handover still waiting to be
    acknowledged: the timeline with overnight (9/9, with the carried items) and reviews done (green), new orders
    overdue (red, 2/3), reception & labels current (reversed) with 1:50:00 left and the next
    hand-off at 15:00; its checklist shows the 14:00 hand-off done by Wang Lei at 14:58, the
    15:00 one due and the 16:00 one upcoming; the badge under the block head counts its 2 open
    logistics cases. Under the timeline, the due-soon panel: Mr Wang's complaint breached (‼ red,
    late 7 min), Ms Li's at risk (! yellow, 8 min), then two promised callbacks. Chinese columns
    line up like the English ones."""
    assert snap_compare(demo_app(tmp_path, lang), terminal_size=(100, 30), run_before=loaded)


def test_help_screen(snap_compare, tmp_path):
    """F1 over the dashboard: every key with its description, what the states mean."""
    async def open_help(pilot) -> None:
        await loaded(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen", what="help")
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path, "en"), terminal_size=(100, 30), run_before=open_help)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_case_desk_queue(snap_compare, tmp_path, lang):
    """c then x over the demo day: all 16 open cases on one page (a confirmed receipt made its register entry), sorted by the next clock to
    run out — the breached complaint first (red), the at-risk one (yellow), the callbacks, the
    auto-confirm date to extend, then the cases with no clock running; the head says the
    filter and the page; the footer lists the desk's keys."""
    async def open_desk(pilot) -> None:
        await loaded(pilot)
        await pilot.press("c", "x")
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path, lang), terminal_size=(100, 30), run_before=open_desk)


def test_case_screen_zh(snap_compare, tmp_path):
    """Enter on the breached complaint, in Chinese: the hint to escalate, its fields with the
    phone masked (139****0001), the first response breached (‼ red, 7 min late) and the
    verification at risk (! yellow, 8 min left), the timeline."""
    async def open_case(pilot) -> None:
        await loaded(pilot)
        await pilot.press("c", "x")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(demo_app(tmp_path, "zh-CN"), terminal_size=(100, 30), run_before=open_case)


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
