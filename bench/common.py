"""What bench_cases.py and bench_import.py share: the synthetic year's "now", timing and
statistics, the table printer and the command line (a work folder, `--quick`, `--keep`).

Bench scripts may read the wall clock; the app never does (it takes an injected clock).
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pendulum

NOW = pendulum.datetime(2026, 11, 23, 15, 10, tz="Asia/Shanghai")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def timed(action: Callable[[], object]) -> float:
    """Milliseconds `action` took."""
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def size(root: Path) -> int:
    """Bytes of the files under `root` (their length, not the blocks they take)."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.2f} s"


def cell(samples: list[float], stat: str) -> str:
    """A statistic of the samples; with few samples a p95 means nothing: say max of n."""
    if stat == "median":
        return f"{ms(statistics.median(samples))} (n={len(samples)})"
    if len(samples) < 20:
        return f"max {ms(max(samples))} (n={len(samples)})"
    return ms(p95(samples))


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "FAIL"


def print_table(header: Sequence[str], rows: list[tuple]) -> None:
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (tuple(header), tuple("-" * w for w in widths), *rows):
        print("  ".join(str(c).ljust(width) for c, width in zip(row, widths)).rstrip())


def run_bench(doc: str, full: dict, quick: dict, run: Callable[[Path, dict], list[tuple]],
              header: Sequence[str], notes: Sequence[str] = ()) -> None:
    """Parse `--quick` / `--keep DIR`, run `run(work folder, sizes)` in a temporary folder
    (removed afterwards unless kept), print its rows as a table, the notes and the time taken."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the year, fewer repetitions")
    parser.add_argument("--keep", type=Path, help="build the data here and keep it")
    args = parser.parse_args()
    started = time.perf_counter()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = run(work, quick if args.quick else full)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(header, rows)
    if notes:
        print("\n" + "\n".join(notes))
    print(f"\nBench took {time.perf_counter() - started:.0f} s")
