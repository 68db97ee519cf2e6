"""Start-up work that waits until the first screen is drawn: the store's upkeep, the
garbage collector (paused by `shiftboard` / `python -m shiftboard`) and deferred imports."""

from __future__ import annotations

import gc
import subprocess
import sys

from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.collector import resume_collection
from shiftboard.startup import defer_import
from shiftboard.store import Store
from shiftboard.tui.app import create_app
from shiftboard.tui.dashboard.screen import Dashboard
from tests.conftest import TZ, at
from tests.waiting import settle, until

SIZE = (100, 30)
OLD_RUN = "2026-10-31/day"


def _app(tmp_path, maintain: bool):
    clock = FixedClock(at("2026-11-23 08:45"))
    store = Store(tmp_path, clock)
    # A run of last month still in the live file: upkeep moves it to history/runs-2026-10.json.
    store.runs.live.update(OLD_RUN, lambda _: {"date": "2026-10-31", "shift": "day", "items": {}, "notes": {}})
    settings = Settings(data_dir=tmp_path, agent="Li", lang="en", timezone=TZ)
    return create_app(settings, clock, store, maintain=maintain), store


def _archived(store) -> bool:
    """Whether the old run left the live file (upkeep is a write on the app's writer thread)."""
    return store.runs.live.get(OLD_RUN) is None


async def test_the_dashboard_is_the_first_screen_and_upkeep_runs_once_it_is_drawn(tmp_path):
    app, store = _app(tmp_path, maintain=True)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, Dashboard) and len(app.screen_stack) == 1
        await until(pilot, lambda: _archived(store), what="upkeep")
        assert store.runs.history("2026-10").get(OLD_RUN) is not None


async def test_without_upkeep_the_store_is_left_as_it_is(tmp_path):
    app, store = _app(tmp_path, maintain=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.pending_writes and not _archived(store)


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


def test_a_deferred_module_runs_at_its_first_use_not_at_its_import(tmp_path, monkeypatch):
    (tmp_path / "probe_pkg").mkdir()
    (tmp_path / "probe_pkg" / "__init__.py").write_text("")
    (tmp_path / "probe_pkg" / "heavy.py").write_text("import sys\nsys.probe_ran = True\nVALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "probe_ran", False, raising=False)
    defer_import("probe_pkg.heavy")
    try:
        from probe_pkg import heavy

        assert sys.probe_ran is False
        assert heavy.VALUE == 42 and sys.probe_ran is True
    finally:
        for name in ("probe_pkg.heavy", "probe_pkg"):
            sys.modules.pop(name, None)


def test_pendulum_starts_without_dateutils_parser_and_still_reads_loose_text():
    """In a fresh interpreter, as `shiftboard` starts: if pendulum ever touched the parser at
    import, this fails and the deferral can go."""
    script = (
        "import sys; from shiftboard.startup import DEFERRED, defer_import\n"
        "[defer_import(name) for name in DEFERRED]\n"
        "import pendulum\n"
        "assert 'dateutil.parser._parser' not in sys.modules\n"
        "print(pendulum.parse('Nov 23 2026 9:05', strict=False).to_datetime_string())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "2026-11-23 09:05:00"
