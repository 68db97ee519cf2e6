"""Reports benchmark (issue 16): a month's and a year's report over the synthetic year, from
the per-day summaries the store keeps, beside the naive way (reading every case of the
period and counting) measured in the same run; and proof that the kept summaries equal a
full recount.

    .venv/bin/python bench/bench_reports.py [--quick] [--keep DIR]

Prints a table with the targets and PASS/FAIL; see bench/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pendulum

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from synthetic import build_year  # noqa: E402

from shiftboard.clock import FixedClock  # noqa: E402
from shiftboard.domain.reports.facts import contribution  # noqa: E402
from shiftboard.domain.reports.period import PeriodKind, period_of  # noqa: E402
from shiftboard.domain.reports.report import Tally, Wanted  # noqa: E402
from shiftboard.domain.shift.playbook import parse_playbook  # noqa: E402
from shiftboard.services.reports import ReportService  # noqa: E402
from shiftboard.store import Store  # noqa: E402
from shiftboard.store.shipped import default_playbook  # noqa: E402

NOW = pendulum.datetime(2026, 11, 23, 15, 10, tz="Asia/Shanghai")
TARGETS = {"month": 1.0, "year": 5.0, "memory": 200.0}  # s, s, MiB
FULL = {"closed": 150_000, "open": 2_000, "runs": 5}
QUICK = {"closed": 15_000, "open": 500, "runs": 3}


def _measured(action: Callable[[], object]) -> tuple[float, float]:
    """(seconds, peak MiB of Python allocations) of `action`: timed on its own, then run once
    more under tracemalloc (which slows allocation-heavy code several times over)."""
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def _naive(store: Store, period) -> Tally:
    """The way without summaries: read every case (live and archived) and count the period's."""
    first, last = period.first.isoformat(), period.last.isoformat()
    tally = Tally(Wanted())
    for case in store.cases.stream_all():
        counts, facts = contribution(case)
        for day, slots in counts.items():
            if first <= day <= last:
                tally.add_day(day, slots, facts.get(day, {}))
    return tally


def _row(name: str, ours: list[tuple[float, float]], naive: list[tuple[float, float]], target: float) -> list[str]:
    seconds = statistics.median(s for s, _ in ours)
    return [name, f"{seconds:.2f} s", f"{statistics.median(s for s, _ in naive):.2f} s", f"≤ {target:g} s",
            "PASS" if seconds <= target else "FAIL"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-reports-"))
    began = time.perf_counter()
    try:
        counts = build_year(work, NOW, sizes["closed"], sizes["open"])
        counts.pop("cases")
        print(f"synthetic year: {counts['closed']} closed cases, {counts['open']} open, {counts['runs']} runs")
        store = Store(work, FixedClock(NOW))
        playbook = parse_playbook(default_playbook("zh-CN").read_text(encoding="utf-8"))
        service = ReportService(store, store.clock, "bench", playbook)
        month, year = period_of(PeriodKind.MONTH, NOW.date().subtract(months=1)), period_of(PeriodKind.YEAR, NOW.date())
        rows, peaks = [], []
        for name, period in (("month's report", month), ("year's report", year)):
            ours = [_measured(lambda: service.report(period)) for _ in range(sizes["runs"])]
            naive = [_measured(lambda: _naive(store, period))]
            rows.append(_row(name, ours, naive, TARGETS["month" if period is month else "year"]))
            peaks.append((name, max(p for _, p in ours), max(p for _, p in naive)))
        for name, ours_peak, naive_peak in peaks:
            rows.append([f"  peak memory, {name}", f"{ours_peak:.0f} MiB", f"{naive_peak:.0f} MiB",
                         f"≤ {TARGETS['memory']:g} MiB", "PASS" if ours_peak <= TARGETS["memory"] else "FAIL"])
        rows.append(_equal_to_recount(store))
        _print(rows)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Bench took {time.perf_counter() - began:.0f} s")


def _equal_to_recount(store: Store) -> list[str]:
    folder = store.cases.summaries.folder

    def days() -> dict:
        return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}

    kept = days()
    seconds, _ = _measured(store.cases.recount)
    equal = kept == days()
    return ["summaries equal a full recount", "yes" if equal else "NO", f"(recount {seconds:.1f} s)", "yes",
            "PASS" if equal else "FAIL"]


def _print(rows: list[list[str]]) -> None:
    head = ["measure", "summaries", "naive (every case)", "target", "verdict"]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
