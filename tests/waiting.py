"""Waiting on a condition, never on time: a loaded machine is slower, never different."""

from __future__ import annotations

from collections.abc import Callable

#: Long enough for the slowest CI machine; a test that passes waits only as long as it needs.
TIMEOUT = 30.0
STEP = 0.02


async def until(pilot, condition: Callable[[], object], timeout: float = TIMEOUT, what: str = "") -> None:
    """Let the app run until `condition()` is true (checked after every short pause)."""
    waited = 0.0
    while True:
        try:
            if condition():
                return
        except Exception:  # noqa: BLE001 - a widget not mounted yet: the condition is not met
            pass
        if waited >= timeout:
            raise AssertionError(f"waited {timeout:.0f} s for {what or condition}")
        await pilot.pause(STEP)
        waited += STEP


def quiet(app) -> bool:
    """No write waiting for its answer and no worker but the writer still running."""
    busy = [w for w in app.workers if w.group != "writer" and w.is_running]
    return not busy and getattr(app, "pending_writes", 0) == 0


async def settle(pilot) -> None:
    """Wait until the app is quiet twice in a row (a finished write may start a reload)."""
    await until(pilot, lambda: quiet(pilot.app), what="the app to be quiet")
    await pilot.pause()
    await until(pilot, lambda: quiet(pilot.app), what="the app to be quiet")
    await pilot.pause()
