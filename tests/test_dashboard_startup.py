"""Start-up work that waits until the first screen is drawn: the store's upkeep and the
garbage collector (paused by `shiftboard` / `python -m shiftboard`)."""

from __future__ import annotations

import gc

from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.startup import resume_collection
from shiftboard.store import Store
from shiftboard.tui.app import create_app
from shiftboard.tui.dashboard import Dashboard
from tests.conftest import TZ, at

SIZE = (100, 30)
OLD_RUN = "2026-10-31/day"


def _app(tmp_path, maintain: bool):
    clock = FixedClock(at("2026-11-23 08:45"))
    store = Store(tmp_path, clock)
    # A run of last month still in the live file: upkeep moves it to history/runs-2026-10.json.
    store.runs.live.update(OLD_RUN, lambda _: {"date": "2026-10-31", "shift": "day", "items": {}, "notes": {}})
    settings = Settings(data_dir=tmp_path, agent="Li", lang="en", timezone=TZ)
    return create_app(settings, clock, store, maintain=maintain), store


async def _archived(pilot, store) -> bool:
    """Whether the old run left the live file within a couple of seconds (upkeep is a write
    on the app's writer thread)."""
    for _ in range(40):
        await pilot.pause(0.05)
        if store.runs.live.get(OLD_RUN) is None:
            return True
    return False


async def test_the_dashboard_is_the_first_screen_and_upkeep_runs_once_it_is_drawn(tmp_path):
    app, store = _app(tmp_path, maintain=True)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, Dashboard) and len(app.screen_stack) == 1
        assert await _archived(pilot, store)
        assert store.runs.history("2026-10").get(OLD_RUN) is not None


async def test_without_upkeep_the_store_is_left_as_it_is(tmp_path):
    app, store = _app(tmp_path, maintain=False)
    async with app.run_test(size=SIZE) as pilot:
        assert not await _archived(pilot, store)


def test_collection_resumes_only_where_start_up_paused_it():
    frozen = gc.get_freeze_count()
    resume_collection()  # collection was never paused here: nothing to do
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()
    try:
        resume_collection()
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
