"""A synthetic year of a team's data, written straight in the store's file format.

Shift runs for every day of the past year (day and night shift, realistic marks; past months in
history/runs-YYYY-MM.json, the current month live), ≥150k closed case records spread over
12 monthly history files, and ~2k open records in the live cases file.
"""

from __future__ import annotations

import random
from pathlib import Path

import pendulum

from shiftboard.domain.playbook import parse_playbook
from shiftboard.domain.shiftrun import build_view, run_id
from shiftboard.store.atomic import atomic_write, dump_json
from shiftboard.store.shipped import default_playbook

STORES = ["旗舰店", "专卖店", "Tmall Outlet", "Douyin 小店", "Kuaishou 店"]
KINDS = ["after_sales", "review", "complaint", "logistics", "stock_notice"]


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


def _case(n: int, at: pendulum.DateTime, rng: random.Random, closed: bool) -> dict:
    order = f"{rng.randint(10**15, 10**16 - 1)}"
    record = {
        "id": f"bench-{n:07d}", "kind": rng.choice(KINDS), "store": rng.choice(STORES),
        "order_no": order, "after_sales_no": f"AS{n:09d}", "tracking_no": f"SF{rng.randint(10**11, 10**12)}",
        "buyer": f"buyer{n % 50000}", "item": f"SKU-{rng.randint(100, 999)}", "quantity": rng.randint(1, 3),
        "amount": f"{rng.randint(10, 900)}.00", "status": "refunded" if closed else "awaiting_seller",
        "handler": rng.choice(["李娜", "王磊", "Chen"]), "created_at": at.isoformat(), "version": 3,
        "timeline": [{"at": at.isoformat(), "by": "李娜", "what": "created"}],
    }
    if closed:
        record["closed_at"] = at.add(days=2).isoformat()
    return record


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
    months = [now.start_of("month").subtract(months=m) for m in range(12, 0, -1)]
    per_month = closed // len(months) + 1
    for index, month in enumerate(months):
        records = [_case(index * per_month + k, month.add(hours=rng.randint(0, 24 * 27)), rng, True)
                   for k in range(per_month)]
        atomic_write(root / "history" / f"cases-{month.format('YYYY-MM')}.json", dump_json(_table(records)))
    opened = [_case(10**6 + k, now.subtract(hours=rng.randint(0, 72)), rng, False) for k in range(open_records)]
    atomic_write(root / "cases.json", dump_json(_table(opened)))
    (root / "history" / ".runs.archived").write_text(current)
    (root / "config.toml").write_text('agent = "bench"\nlang = "zh-CN"\ntimezone = "%s"\n' % tz)
    return {"runs": sum(len(r) for r in runs_by_month.values()), "closed": per_month * len(months),
            "open": open_records}
