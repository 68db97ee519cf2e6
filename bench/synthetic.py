"""A synthetic year of a team's data, written straight in the store's file format.

Shift runs for every day of the past year (day and night shift, realistic marks; past months in
history/runs-YYYY-MM.json, the current month live), and the case desk's year (see
synthetic_cases.py: ≥150k closed cases over 12 archived months, ~2k open), loaded through the store.
"""

from __future__ import annotations

import random
from pathlib import Path

import pendulum

from synthetic_cases import year_of_cases

from shiftboard.clock import FixedClock
from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.domain.shift.run import build_view, run_id
from shiftboard.store.atomic import atomic_write, dump_json
from shiftboard.store import Store
from shiftboard.store.shipped import default_playbook



def _table(records: list[dict]) -> dict:
    return {"records": {str(n + 1): r for n, r in enumerate(records)}, "_meta": {"1": {"schema": 1}}}


def _run(shift, date, tz: str, rng: random.Random, complete: bool) -> dict:
    view = build_view(shift, date, None, pendulum.datetime(date.year, date.month, date.day, tz=tz))
    items = {}
    for block in view.blocks:
        for item in block.items:
            if complete or rng.random() < 0.5:
                items[item.key] = {"state": "done", "by": rng.choice(["李娜", "王磊", "Chen"]),
                                   "at": item.due.add(minutes=rng.randint(1, 50)).isoformat()}
    return {"id": run_id(date, shift.id), "date": date.to_date_string(), "shift": shift.id,
            "items": items, "notes": {}}


def build_year(root: Path, now: pendulum.DateTime, closed: int = 150_000, open_records: int = 2_000,
               seed: int = 7) -> dict:
    """Write the year under `root`; return counts for the report."""
    rng = random.Random(seed)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    (root / "history").mkdir(mode=0o700, exist_ok=True)
    playbook = parse_playbook(default_playbook("zh-CN").read_text(encoding="utf-8"))
    tz = now.timezone_name
    runs_by_month: dict[str, list[dict]] = {}
    day = now.date().subtract(days=365)
    while day <= now.date():
        for shift in playbook.shifts:
            runs_by_month.setdefault(day.format("YYYY-MM"), []).append(
                _run(shift, day, tz, rng, complete=day < now.date()))
        day = day.add(days=1)
    current = now.format("YYYY-MM")
    for month, runs in runs_by_month.items():
        target = root / "runs.json" if month == current else root / "history" / f"runs-{month}.json"
        atomic_write(target, dump_json(_table(runs)))
    (root / "history" / ".runs.archived").write_text(current)
    (root / "config.toml").write_text('agent = "bench"\nlang = "zh-CN"\ntimezone = "%s"\n' % tz)
    done, waiting = year_of_cases(now, closed, open_records, seed)
    Store(root, FixedClock(now)).cases.load(done + waiting)  # the case desk's own layout and index
    return {"runs": sum(len(r) for r in runs_by_month.values()), "closed": len(done), "open": len(waiting),
            "cases": done + waiting}
