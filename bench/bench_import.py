"""Import benchmark (issue 17): a 10,000-row platform export imported and imported again, and
partial search over the synthetic year, each beside a baseline measured in the same run.

    .venv/bin/python bench/bench_import.py [--quick] [--keep DIR]

Prints a table with the targets and PASS/FAIL; see bench/README.md for what each row means.
"""

from __future__ import annotations

import gc
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from common import NOW, cell, ms, p95, run_bench, size, timed, verdict  # noqa: E402
from synthetic_cases import year_of_cases  # noqa: E402

from shiftboard.clock import FixedClock  # noqa: E402
from shiftboard.domain.cases.model import CaseKind  # noqa: E402
from shiftboard.importers.plan import Action  # noqa: E402
from shiftboard.services.cases import CaseService  # noqa: E402
from shiftboard.services.importing import ImportService  # noqa: E402
from shiftboard.store import Store  # noqa: E402
from shiftboard.store.partial import TEXTS  # noqa: E402

TARGETS = {"import": 10_000.0, "again": 10_000.0, "partial": 50.0}  # ms
FULL = {"rows": 10_000, "typed": 200, "closed": 150_000, "open": 2_000, "searches": 200}
QUICK = {"rows": 10_000, "typed": 100, "closed": 15_000, "open": 500, "searches": 60}
HEADER = "退款编号,订单编号,买家会员名,店铺,商品名称,数量,退款金额,退款状态,退款原因,申请时间,退货物流单号,修改时间"
STATES = ("WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "SUCCESS", "CLOSED",
          "SELLER_REFUSE_BUYER")


def export(path: Path, rows: int) -> Path:
    """A Qianniu export as Chinese Excel saves it: GBK, a title row, numbers kept as ="…"."""
    rng = random.Random(5)
    lines = ["售后导出 2026-11-23", HEADER]
    for n in range(rows):
        state = STATES[n % len(STATES)]
        lines.append(f'="3{n:011d}",="2026{rng.randint(10**13, 10**14 - 1)}",buyer{rng.randint(1, 9000)},旗舰店,'
                     f'连衣裙 M {n % 40},{1 + n % 3},"¥1,{n % 1000:03d}.00",{state},尺码不合适,2026/11/22 09:00,'
                     f'SF{n:010d},46349.{n % 10}')
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    return path


def _imports(work: Path, sizes: dict) -> dict:
    clock = FixedClock(NOW)
    path = export(work / "export.csv", sizes["rows"])
    store = Store(work / "import", clock)
    service = ImportService(store, clock, "bench")
    report: list = []
    first = timed(lambda: report.append(service.run(path)))
    again = timed(lambda: report.append(service.run(path)))
    created, repeated = report[0].count(Action.CREATE), len(report[1].outcomes) - report[1].count(Action.UNCHANGED)
    typed = Store(work / "typed", clock)
    desk = CaseService(typed, clock, "bench")
    one_by_one = timed(lambda: [desk.add(CaseKind.AFTER_SALES, {
        "store": "旗舰店", "order_no": f"2026{n:012d}", "item": "连衣裙", "quantity": "1", "problem": "尺码"})
        for n in range(sizes["typed"])])
    return {"first": first, "again": again, "created": created, "changed": repeated,
            "typed": one_by_one / sizes["typed"] * sizes["rows"]}


def _searches(work: Path, sizes: dict) -> dict:
    closed, opened = year_of_cases(NOW, sizes["closed"], sizes["open"])
    root = work / "year"
    store = Store(root, FixedClock(NOW))
    store.cases.load(closed + opened)
    store.maintain()
    desk = CaseService(Store(root, FixedClock(NOW)), FixedClock(NOW), "bench")
    rng = random.Random(3)
    picked = [rng.choice(closed if rng.random() < 0.8 else opened) for _ in range(sizes["searches"])]
    queries = {"order no., last 6 digits": [c["order_no"][-6:] for c in picked],
               "tracking no., last 8": [(c.get("return_tracking_no") or c.get("tracking_no") or c["order_no"])[-8:]
                                        for c in picked],
               "phone, last 4 digits": [c["buyer_phone"][-4:] for c in picked],
               "part of a buyer's name": [c["buyer"][3:] for c in picked]}
    orders, count = [c["order_no"] for c in picked], len(closed)
    # As in bench_cases.py: the app never holds the synthetic year, and its ~4.5M objects left
    # here made each full garbage collection a search set off cost ~100 ms.
    del closed, opened, picked
    gc.collect()
    partial = {name: [timed(lambda q=q: desk.search(q, partial=True)) for q in texts]
               for name, texts in queries.items()}
    exact = [timed(lambda o=o: desk.search(o)) for o in orders]
    return {"partial": partial, "exact": exact, "closed": count, **_index_size(root), "catch_up": _catch_up(root)}


def _index_size(root: Path) -> dict:
    """Bytes of the cases' search index, and of its partial part (the text files)."""
    index = root / "history" / "cases-index"
    return {"index": size(index), "partial_bytes": sum(p.stat().st_size for p in index.rglob(TEXTS)),
            "records": size(root) - size(index)}


def _catch_up(root: Path) -> float:
    """Milliseconds to build the partial index of a data dir made before it existed (its
    stamp removed: every folder is rebuilt from the records, as the first search would)."""
    (root / "history" / "cases-index" / "partial.json").unlink()
    store = Store(root, FixedClock(NOW))
    return timed(store.cases.partial.catch_up)


def _rows(imports: dict, searches: dict, rows: int) -> list[tuple]:
    table = [
        (f"import {rows:,} rows (GBK, new cases)", f"{imports['first'] / 1000:.2f} s",
         f"{imports['typed'] / 1000:.0f} s (cases add, one by one)", f"≤ {TARGETS['import'] / 1000:.0f} s",
         verdict(imports["first"], TARGETS["import"])),
        ("  cases created", str(imports["created"]), "", str(rows), "PASS" if imports["created"] == rows else "FAIL"),
        ("re-import the same file", f"{imports['again'] / 1000:.2f} s", "", f"≤ {TARGETS['again'] / 1000:.0f} s",
         verdict(imports["again"], TARGETS["again"])),
        ("  rows changed by the re-import", str(imports["changed"]), "", "0", "PASS" if not imports["changed"] else "FAIL"),
    ]
    exact = p95(searches["exact"])
    for name, samples in searches["partial"].items():
        table.append((f"partial search: {name}, p95 ({searches['closed']:,} closed)", cell(samples, "p95"),
                      f"{exact:.1f} ms (exact order no.)", f"≤ {TARGETS['partial']:.0f} ms",
                      verdict(p95(samples), TARGETS["partial"])))
    table += [("search index of the year (partial part)",
               f"{searches['index'] / 2**20:.0f} MB ({searches['partial_bytes'] / 2**20:.0f} MB)",
               f"{searches['records'] / 2**20:.0f} MB (the records, backups)", "", ""),
              ("  partial part built for an old data dir (first search)", ms(searches["catch_up"]), "", "", "")]
    return table


def _run(work: Path, sizes: dict) -> list[tuple]:
    return _rows(_imports(work, sizes), _searches(work, sizes), sizes["rows"])


def main() -> None:
    run_bench(__doc__, FULL, QUICK, _run, ("measure", "shiftboard", "baseline (same run)", "target", "verdict"))


if __name__ == "__main__":
    main()
