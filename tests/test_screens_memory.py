"""Closed screens are let go: opening and closing a screen again and again must not keep one
more of them (and its widgets' render caches) in memory each time."""

from __future__ import annotations

import gc

import pytest

from tests.test_snapshots import demo_app, loaded, open_from_the_dashboard
from tests.waiting import settle


def alive(name: str) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if any(c.__name__ == name for c in type(o).__mro__))


@pytest.mark.parametrize(("key", "screen", "widget"), [
    ("R", "ReportScreen", "PlotextPlot"),  # textual-plotext subscribes its plots to the theme
    ("k", "ReplyCheck", "TextArea"),  # a text area watches the app's theme
])
async def test_a_screen_opened_five_times_is_not_kept(tmp_path, key, screen, widget):
    app = demo_app(tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        for _ in range(5):
            await open_from_the_dashboard(pilot, (key,), screen)
            await settle(pilot)
        await open_from_the_dashboard(pilot, ("f1",), "HelpScreen")  # the next screen lets the last go
        await open_from_the_dashboard(pilot, (), "Dashboard")
        # Polled twice a second, not every 20 ms: each look walks the whole heap.
        for _ in range(60):
            if alive(screen) == 0 and alive(widget) == 0:
                break
            await pilot.pause(0.5)
        assert (alive(screen), alive(widget)) == (0, 0), f"closed {screen}s still in memory"
