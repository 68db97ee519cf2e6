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


def demo_app(tmp_path, lang: str):
    clock = FixedClock(at("2026-11-23 15:10"))
    settings = Settings(data_dir=tmp_path, agent="Li", lang=lang, timezone=TZ, demo=True)
    store = Store(tmp_path, clock)
    i18n.set_language(lang)
    fill_demo(settings, clock, store)
    return create_app(settings, clock, store)


async def loaded(pilot) -> None:
    await pilot.pause(0.2)
    await pilot.press("escape")  # the demo opens on last night's handover: leave it waiting
    await pilot.pause(0.1)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_dashboard_demo_day(snap_compare, tmp_path, lang):
    """The demo day at 15:10, under the amber line of last night's handover still waiting to be
    acknowledged: the timeline with overnight (9/9, with the carried items) and reviews done (green), new orders
    overdue (red, 2/3), reception & labels current (reversed) with 1:50:00 left and the next
    hand-off at 15:00; its checklist shows the 14:00 hand-off done by Wang Lei at 14:58, the
    15:00 one due and the 16:00 one upcoming. Chinese columns line up like the English ones."""
    assert snap_compare(demo_app(tmp_path, lang), terminal_size=(100, 30), run_before=loaded)


def test_help_screen(snap_compare, tmp_path):
    """F1 over the dashboard: every key with its description, what the states mean."""
    async def open_help(pilot) -> None:
        await loaded(pilot)
        await pilot.press("f1")
        await pilot.pause(0.1)

    assert snap_compare(demo_app(tmp_path, "en"), terminal_size=(100, 30), run_before=open_help)
