"""The app as `shiftboard serve` runs it for a signed-in agent: a sign-out key and palette
entry, minutes instead of seconds; and a busy team's writes are late, never lost (the app's
writer waits for the store's lock again when another writer held it past its timeout, and
tells the agent only after that)."""

from __future__ import annotations

from shiftboard.errors import ShiftboardError
from shiftboard.tui.app import LOCK_RETRIES
from tests.test_team_tui import app_for, notes
from tests.waiting import until


def flaky(failures: int):
    """A write that finds the lock held `failures` times, then is written."""
    tries = []

    def job() -> str:
        tries.append(1)
        if len(tries) <= failures:
            raise ShiftboardError("error.lock_timeout", file="runs.json", seconds=10)
        return "written"

    return job, tries


async def test_a_write_that_waited_too_long_for_the_lock_waits_again(tmp_path):
    app = app_for(tmp_path / "data", "Li", "lead")
    job, tries = flaky(LOCK_RETRIES)
    done = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.submit(job, done.append)
        await until(pilot, lambda: done == ["written"])
        assert len(tries) == LOCK_RETRIES + 1 and not any("locked" in note for note in notes(app))


async def test_after_every_retry_the_agent_is_told(tmp_path):
    app = app_for(tmp_path / "data", "Li", "lead")
    job, tries = flaky(LOCK_RETRIES + 1)
    async with app.run_test(size=(100, 30)) as pilot:
        app.submit(job)
        await until(pilot, lambda: any("runs.json" in note for note in notes(app)))
        assert len(tries) == LOCK_RETRIES + 1


def started(app) -> bool:
    """The app finished starting (its writer runs): leaving it now ends it cleanly."""
    return any(worker.name == "writer" for worker in app.workers)


async def test_a_signed_in_served_app_offers_sign_out_by_key_and_in_the_palette(tmp_path):
    from shiftboard.tui.dashboard.statusbar import StatusBar

    served = app_for(tmp_path / "data", "Li", "lead")
    served.settings.session = "web:abcd1234"
    served = type(served)(served.settings, served.clock, served.store, served.service)
    async with served.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: started(served)
                    and "Sign out" in str(served.screen.query_one(StatusBar).render()))
        assert "^o Sign out" in [f"{c.help} {c.title}" for c in served.get_system_commands(served.screen)]
        assert str(served.screen.query_one(StatusBar).render()).rstrip().endswith("08:45")  # minutes
    at_terminal = app_for(tmp_path / "data", "Li", "lead")
    async with at_terminal.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: started(at_terminal)
                    and "Li" in str(at_terminal.screen.query_one(StatusBar).render()))
        assert all(c.title != "Sign out" for c in at_terminal.get_system_commands(at_terminal.screen))
        assert str(at_terminal.screen.query_one(StatusBar).render()).rstrip().endswith("08:45:00")
