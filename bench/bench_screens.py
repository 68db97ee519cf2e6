"""Screen opening times (issue 18): every screen an agent opens, from its key to its first
frame, in the real app over the synthetic year, beside the floor of opening any screen (a
one-label modal pushed in the same app) measured in the same run.

    .venv/bin/python -m compileall -q shiftboard && .venv/bin/python bench/bench_screens.py [--quick] [--runs N]

Prints a table with p95 and median per screen, the target (p95 ≤ 150 ms) and PASS/FAIL, and
beside them "filled": until the frame that shows what the screen's workers read (a screen may
open with "counting…" and fill a moment later); see bench/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pendulum

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from synthetic import build_year  # noqa: E402
from tests.waiting import quiet, settle  # noqa: E402

from shiftboard.clock import FixedClock  # noqa: E402
from shiftboard.config import Settings  # noqa: E402
from shiftboard.store import Store  # noqa: E402

NOW = pendulum.datetime(2026, 11, 23, 15, 10, tz="Asia/Shanghai")
TARGET_MS = 150.0

#: (row, keys that lead there first — not timed, the key that opens it — timed, its class name)
SCREENS = [
    ("help (F1)", (), "f1", "HelpScreen"),
    ("reply library (r)", (), "r", "ReplyLibrary"),
    ("phrase check (k)", (), "k", "ReplyCheck"),
    ("case desk (c)", (), "c", "CaseDesk"),
    ("case (Enter on the desk)", ("c",), "enter", "CaseScreen"),
    ("new case form (n on the desk)", ("c",), "n", None),
    ("return register (R on the desk)", ("c",), "R", "ReturnRegister"),
    ("rules helper (p on the desk)", ("c",), "p", "RulesHelper"),
    ("handover (h)", (), "h", None),
    ("handover history (H)", (), "H", "HandoverHistory"),
    ("reports (R)", (), "R", "ReportScreen"),
    ("KPI sheet (K)", (), "K", "KpiScreen"),
]


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


class _Frames:
    """Notes when the app writes a frame (its `_display`) and of which screen, so the first
    frame of the screen a key opens is timed (what follows it, rows read in a worker, comes
    in later frames)."""

    def __init__(self, app) -> None:
        self.app, self.at = app, []
        display = app._display

        def noting(screen, renderable):
            self.at.append((time.perf_counter(), screen))
            return display(screen, renderable)

        app._display = noting


async def _quiet(pilot) -> None:
    await settle(pilot)


async def _open(pilot, frames: _Frames, keys: tuple[str, ...], key: str, name: str | None) -> tuple[float, float]:
    """(its first frame, the frame with what its workers read), in ms from the key."""
    app = pilot.app
    for before in keys:
        await pilot.press(before)
        await _quiet(pilot)
    under = app.screen
    frames.at.clear()
    start = time.perf_counter()
    await pilot.press(key)
    while not (app.screen is not under and (name is None or type(app.screen).__name__ == name)
               and any(shown is app.screen for _, shown in frames.at)):
        await asyncio.sleep(0.001)
    first = next(at for at, shown in frames.at if shown is app.screen)
    while not quiet(app):  # its workers (rows read off the UI thread) done
        await asyncio.sleep(0.001)
    done = time.perf_counter()
    await asyncio.sleep(0.05)  # the frame that shows what they read
    filled = max(at for at, shown in frames.at if shown is app.screen and at <= done + 0.05)
    return (first - start) * 1000, (filled - start) * 1000


async def _back(pilot) -> None:
    while len(pilot.app.screen_stack) > 1:
        pilot.app.pop_screen()
        await _quiet(pilot)


async def _floor(pilot, frames: _Frames) -> float:
    """The same measure for the least a screen can be: a modal with one label."""
    from textual.screen import ModalScreen
    from textual.widgets import Label

    class Floor(ModalScreen):
        def compose(self):
            yield Label("floor")

    frames.at.clear()
    start = time.perf_counter()
    pilot.app.push_screen(Floor())
    while not (type(pilot.app.screen).__name__ == "Floor" and any(s is pilot.app.screen for _, s in frames.at)):
        await asyncio.sleep(0.001)
    return next(at for at, s in frames.at if s is pilot.app.screen) * 1000 - start * 1000


async def _measure(root: Path, runs: int, only: str) -> dict[str, list[float]]:
    from shiftboard.tui.app import create_app

    from shiftboard.collector import pause_collection

    pause_collection()  # as `shiftboard` starts: the app resumes and freezes it at its first frame
    clock = FixedClock(NOW)
    settings = Settings(data_dir=root, agent="bench", lang="zh-CN", timezone=NOW.timezone_name)
    app = create_app(settings, clock, Store(root, clock))
    samples: dict[str, list[float]] = {"floor": []}
    async with app.run_test(size=(100, 30)) as pilot:
        frames = _Frames(app)
        await _quiet(pilot)
        await _back(pilot)
        for _ in range(runs):
            samples["floor"].append(await _floor(pilot, frames))
            await _back(pilot)
            for row, keys, key, name in [s for s in SCREENS if s[0].startswith(only)]:
                first, filled = await _open(pilot, frames, keys, key, name)
                samples.setdefault(row, []).append(first)
                samples.setdefault(f"{row}\0filled", []).append(filled)
                await _quiet(pilot)
                await _back(pilot)
    return samples


def _build(root: Path, closed: int, opened: int) -> dict:
    built = build_year(root, NOW, closed, opened)
    return {"closed": built["closed"], "open": built["open"], "runs": built["runs"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the year, 5 runs")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--only", default="", help="only the rows that start with this")
    args = parser.parse_args()
    closed, opened, runs = (15_000, 500, 5) if args.quick else (150_000, 2_000, 20)
    runs = args.runs or runs
    work = Path(tempfile.mkdtemp(prefix="bench-screens-"))
    try:
        started = time.perf_counter()
        # Built in a child process: the app under test must not carry the builder's heap (a
        # year of case dicts makes every garbage collection of the app's process slow).
        with ProcessPoolExecutor(1) as child:
            built = child.submit(_build, work / "data", closed, opened).result()
        print(f"synthetic year: {built['closed']} closed and {built['open']} open cases, {built['runs']} runs "
              f"(built in {time.perf_counter() - started:.0f} s); {runs} openings of each screen\n", flush=True)
        samples = asyncio.run(_measure(work / "data", runs, args.only))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor = samples.pop("floor")
    print(f"{'screen (first frame)':34} {'p95':>8} {'median':>8}  {'filled p95':>10}  {'floor p95':>9}  "
          f"target   verdict")
    print("-" * 96)
    for row, values in samples.items():
        if "\0" in row:
            continue
        p95, filled = _p95(values), _p95(samples[f"{row}\0filled"])
        print(f"{row:34} {p95:6.0f}ms {statistics.median(values):6.0f}ms  {filled:8.0f}ms  {_p95(floor):7.0f}ms  "
              f"≤{TARGET_MS:.0f} ms  {'PASS' if p95 <= TARGET_MS else 'FAIL'}")


if __name__ == "__main__":
    main()
