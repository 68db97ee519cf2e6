"""Store benchmark (issue 2): tick latency, concurrent writers and `shiftboard status` with a
synthetic year in place, beside the same operations on one stock TinyDB file (JSONStorage).

    .venv/bin/python bench/bench_store.py [--quick] [--keep DIR]

Prints a table with the targets and PASS/FAIL; see bench/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pendulum

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from synthetic import build_year  # noqa: E402
from tinydb import Query, TinyDB  # noqa: E402
from ulid import ULID  # noqa: E402

from shiftboard.clock import FixedClock  # noqa: E402
from shiftboard.services.shift import ShiftService, load_playbook  # noqa: E402
from shiftboard.store import Collection, Store  # noqa: E402
from shiftboard.store.atomic import TEMP_MARK, CorruptFile, read_json  # noqa: E402
from shiftboard.store.shipped import default_playbook  # noqa: E402

NOW = "2026-11-23 15:10"
TZ = "Asia/Shanghai"
RUN = "2026-11-23/day"  # the run under way at NOW
ITEM = "reception.receive"  # where the concurrent writers leave their notes
TICK_TARGET_MS = 15.0
STATUS_TARGET_S = 0.5

FULL = {"closed": 150_000, "ticks": 300, "stock_ticks": 5, "writers": 8, "writes": 200, "status_runs": 5}
QUICK = {"closed": 15_000, "ticks": 60, "stock_ticks": 2, "writers": 8, "writes": 25, "status_runs": 3}


def _now() -> pendulum.DateTime:
    return pendulum.parse(NOW, tz=TZ)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


# --- the data ------------------------------------------------------------------------------

def _records(path: Path) -> list[dict]:
    return list(read_json(path)["records"].values())


def _stock_copy(root: Path, target: Path, with_history: bool, cases: list[dict]) -> None:
    """The same records in one stock TinyDB file, written by TinyDB itself (the live data
    only: this month's runs and the open cases)."""
    runs = [root / "runs.json"] + (sorted((root / "history").glob("runs-*.json")) if with_history else [])
    with TinyDB(target) as db:
        db.table("runs").insert_multiple(r for p in runs for r in _records(p))
        db.table("cases").insert_multiple(c for c in cases if with_history or not c.get("closed_at"))


# --- tick latency --------------------------------------------------------------------------

def _ticks_ours(root: Path, count: int) -> tuple[list[float], list[float]]:
    """Ticks with the audit trail (as shipped) and, alternating with them so that both see the
    same load, ticks with the trail switched off: the baseline of what the audit line costs."""
    clock = FixedClock(_now())
    store = Store(root, clock)
    service = ShiftService(store, load_playbook(default_playbook("zh-CN"), store), clock, "bench")
    day, shift = service.locate()
    keys = [i.key for b in service.view(day, shift).blocks for i in b.items if "@" not in i.key]
    journal = store.backups.journal
    audited, bare = [], []
    for n in range(2 * count):
        store.backups.journal = journal if n % 2 == 0 else None
        start = time.perf_counter()
        service.tick(day, shift, keys[n % len(keys)])
        (audited if n % 2 == 0 else bare).append(time.perf_counter() - start)
    store.backups.journal = journal
    return audited, bare


def _ticks_stock(db_path: Path, count: int) -> list[float]:
    """Open the file as a command would, read the run (to find the item), then write it."""
    samples = []
    for n in range(count):
        start = time.perf_counter()
        with TinyDB(db_path) as db:
            runs = db.table("runs")
            runs.get(Query().id == RUN)
            runs.update(_marked(f"item-{n}"), Query().id == RUN)
        samples.append(time.perf_counter() - start)
    return samples


def _marked(key: str):
    def change(run: dict) -> None:
        run["items"][key] = {"state": "done", "by": "bench", "at": _now().isoformat()}

    return change


# --- concurrent writers --------------------------------------------------------------------

def _cases(store: Store) -> Collection:
    """Open cases live in cases.json; the store gains this collection with the cases feature."""
    return Collection(store.root, "cases", store.backups, lambda case: None)


def _note(writer: int, n: int) -> dict:
    return {"by": f"w{writer}", "at": _now().isoformat(), "text": f"{writer}-{n}"}


def _with_note(run: dict, note: dict) -> dict:
    run.setdefault("notes", {}).setdefault(ITEM, []).append(note)
    return run


def _write_ours(path: str):
    """Through the store (its lock, atomic writes, our ids)."""
    store = Store(Path(path), FixedClock(_now()))
    cases = _cases(store)

    def write(writer: int, n: int):
        if n % 2:
            store.runs.live.update(RUN, lambda run: _with_note(run, _note(writer, n)))
            return None
        return cases.live.update(str(ULID()), lambda _: {"status": "open", "writer": writer, "seq": n})["id"]

    return write


def _write_stock(path: str):
    """Stock TinyDB, no lock: a fresh handle per write, as one command would open it."""

    def write(writer: int, n: int):
        with TinyDB(path) as db:
            if n % 2:
                db.table("runs").update(lambda run: _with_note(run, _note(writer, n)), Query().id == RUN)
                return None
            return db.table("cases").insert({"status": "open", "writer": writer, "seq": n})

    return write


WRITERS = {"ours": _write_ours, "stock": _write_stock}


def _writer(kind: str, path: str, writer: int, count: int, start, results) -> None:
    """Half the writes add a note to the run under way (one record everybody edits), half
    open a new case (new records, new ids). Reports the ids it was handed and its errors."""
    write = WRITERS[kind](path)
    start.wait()
    ids, errors = [], 0
    for n in range(count):
        try:
            new_id = write(writer, n)
        except Exception:  # noqa: BLE001 - a write that fails is what we count
            errors += 1
            continue
        if new_id is not None:
            ids.append(new_id)
    results.put((ids, errors))


def _race(kind: str, path: Path, writers: int, writes: int) -> tuple[float, list[tuple[list, int]]]:
    """Start `writers` processes together; wall time from the start signal to the last report."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    processes = [context.Process(target=_writer, args=(kind, str(path), w, writes, start, results))
                 for w in range(writers)]
    for process in processes:
        process.start()
    time.sleep(2.0)  # let every process import and open its file before the race
    began = time.perf_counter()
    start.set()
    reports = [results.get(timeout=900) for _ in processes]
    wall = time.perf_counter() - began
    for process in processes:
        process.join()
    return wall, reports


def _outcome(kind: str, path: Path, writers: int, writes: int) -> dict:
    """What survived: notes on the shared run + new cases found in the files, out of all writes;
    ids handed out twice or stored twice; whether the files still parse (and, for ours, no
    temp file was left behind). `path` is our data dir, or the stock db.json."""
    wall, reports = _race(kind, path, writers, writes)
    handed = [i for ids, _ in reports for i in ids]
    twice = sum(n - 1 for n in Counter(handed).values())
    result = {"wall": wall, "errors": sum(e for _, e in reports), "survived": None,
              "duplicates": twice, "valid": False}
    files = ((path / "runs.json", "records"), (path / "cases.json", "records")) if kind == "ours" \
        else ((path, "runs"), (path, "cases"))
    try:
        runs, cases = (list(read_json(file).get(table, {}).values()) for file, table in files)
    except CorruptFile:
        return result
    run = next((r for r in runs if r.get("id") == RUN), {})
    notes = {n["text"] for n in run.get("notes", {}).get(ITEM, []) if n.get("by", "").startswith("w")}
    opened = {(c["writer"], c["seq"]) for c in cases if "writer" in c}
    ids = [c["id"] for c in cases if "id" in c]
    orphans = [p for p in path.rglob("*") if TEMP_MARK in p.name] if kind == "ours" else []
    result.update(survived=len(notes) + len(opened), duplicates=twice + len(ids) - len(set(ids)),
                  valid=not orphans)
    return result


# --- status --------------------------------------------------------------------------------

def _wall(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _status(root: Path, db_path: Path, empty: Path, runs: int) -> dict:
    status = [sys.executable, "-m", "shiftboard", "status", "--now", NOW, "--lang", "en", "--agent", "bench"]
    stock_read = ("from tinydb import TinyDB, Query; import sys; "
                  f"print(TinyDB(sys.argv[1]).table('runs').get(Query().id == {RUN!r}))")
    return {"ours": _wall([*status, "--data-dir", str(root)], runs),
            "empty": _wall([*status, "--data-dir", str(empty)], runs),
            "stock": _wall([sys.executable, "-c", stock_read, str(db_path)], runs),
            "python": _wall([sys.executable, "-c", "pass"], runs)}


# --- the table -----------------------------------------------------------------------------

def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _tick_rows(ours: tuple[list[float], list[float]], stock: list[float]) -> list[tuple]:
    (ours, bare), stock = ([[1000 * s for s in run] for run in ours]), [1000 * s for s in stock]
    return [
        (f"tick, median (n={len(ours)} / {len(stock)})", f"{statistics.median(ours):.1f} ms",
         f"{statistics.median(stock):.0f} ms", "", ""),
        ("tick, p95", f"{_p95(ours):.1f} ms", f"{_p95(stock):.0f} ms", f"≤ {TICK_TARGET_MS:.0f} ms",
         _verdict(_p95(ours) <= TICK_TARGET_MS)),
        ("  same, audit trail off: median / p95", f"{statistics.median(bare):.1f} / {_p95(bare):.1f} ms",
         "", "", ""),
    ]


def _race_rows(label: str, ours: dict, serial: dict, stock: dict, total: int) -> list[tuple]:
    """Stock cells carry a * : they ran on the live data only (see the note under the table)."""
    def survived(r: dict) -> str:
        found = "file corrupt" if r["survived"] is None else f"{r['survived']}/{total}"
        return f"{found}, {r['errors']} writes failed" if r["errors"] else found

    whole = ours["valid"] and serial["valid"] and serial["survived"] == total  # the baseline too
    return [
        (f"{label}: writes that survived", survived(ours), f"{survived(stock)} *", "all",
         _verdict(ours["survived"] == total)),
        (f"{label}: duplicate ids", str(ours["duplicates"]), f"{stock['duplicates']} *", "0",
         _verdict(ours["duplicates"] == 0)),
        (f"{label}: file valid", "yes" if ours["valid"] else "NO", "yes *" if stock["valid"] else "NO *",
         "yes", _verdict(whole)),
        (f"{label}: wall (1 serial writer: {serial['wall']:.1f} s)", f"{ours['wall']:.1f} s",
         f"{stock['wall']:.1f} s *", "≤ 2× serial", _verdict(ours["wall"] <= 2 * serial["wall"])),
    ]


def _status_rows(status: dict) -> list[tuple]:
    return [
        ("`shiftboard status`, median wall", f"{status['ours']:.2f} s", f"{status['stock']:.2f} s (read)",
         f"≤ {STATUS_TARGET_S} s", _verdict(status["ours"] <= STATUS_TARGET_S)),
        ("  same, empty data dir", f"{status['empty']:.2f} s", "", "", ""),
        ("  `python -c pass`", f"{status['python']:.2f} s", "", "", ""),
    ]


def _print(rows: list[tuple]) -> None:
    header = ("measure", "shiftboard", "stock TinyDB", "target", "verdict")
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    line = "  ".join("{:<%d}" % w for w in widths)
    print(line.format(*header))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row).rstrip())


# --- the run -------------------------------------------------------------------------------

def _prepare(work: Path, sizes: dict) -> tuple[Path, Path, Path]:
    """The synthetic year in our data dir, and the same records in two stock db.json files:
    all of them, and only the live ones (for the race, see the note)."""
    year = work / "year"
    counts = build_year(year, _now(), closed=sizes["closed"])
    Store(year, FixedClock(_now())).maintain()  # as after the month's first command
    stock_year, stock_live = work / "stock-year" / "db.json", work / "stock-live" / "db.json"
    for target, with_history in ((stock_year, True), (stock_live, False)):
        target.parent.mkdir()
        _stock_copy(year, target, with_history, counts["cases"])
    print(f"synthetic year: {counts['runs']} shift runs, {counts['closed']} closed and {counts['open']} open "
          f"cases; ours {_size(year)} in {sum(1 for _ in year.rglob('*.json'))} files, stock db.json "
          f"{_size(stock_year.parent)}\n", flush=True)
    return year, stock_year, stock_live


def _run(work: Path, sizes: dict) -> tuple[list[tuple], list[str]]:
    year, stock_year, stock_live = _prepare(work, sizes)
    status = _status(year, stock_year, work / "empty", sizes["status_runs"])
    ours_ticks, stock_ticks = _ticks_ours(year, sizes["ticks"]), _ticks_stock(stock_year, sizes["stock_ticks"])
    writers, writes = sizes["writers"], sizes["writes"]
    races = {}
    for label, procs, each in (("parallel", writers, writes), ("serial", 1, writers * writes)):
        shutil.copytree(year, work / label, ignore=shutil.ignore_patterns("backups"))
        races[label] = _outcome("ours", work / label, procs, each)
    stock_race = _outcome("stock", stock_live, writers, writes)

    total, stock_write = writers * writes, statistics.median(stock_ticks)
    notes = [
        "Stock TinyDB: one db.json holding all the same records, default JSONStorage, no lock.",
        f"* its race ran on a db.json of the live data only ({_size(stock_live.parent)}: this month's runs "
        f"and the open cases);",
        f"  with the year in it one write takes ~{stock_write:.1f} s: {total} writes would take "
        f"~{total * stock_write / 60:.0f} min.",
    ]
    rows = [*_tick_rows(ours_ticks, stock_ticks),
            *_race_rows(f"{writers} procs × {writes} writes", races["parallel"], races["serial"], stock_race, total),
            *_status_rows(status)]
    return rows, notes


def _size(root: Path) -> str:
    return f"{sum(p.stat().st_size for p in root.rglob('*') if p.is_file()) / 1e6:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small year and fewer repetitions")
    parser.add_argument("--keep", type=Path, help="build the data in this (new) directory and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="shiftboard-bench-"))
    began = time.perf_counter()
    try:
        rows, notes = _run(work, QUICK if args.quick else FULL)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    _print(rows)
    print("\n".join(["", *notes, f"Bench took {time.perf_counter() - began:.0f} s."]))


if __name__ == "__main__":
    main()
