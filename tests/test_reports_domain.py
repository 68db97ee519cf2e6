"""Reports from the kept summaries: golden reports in both languages, the periods, and the
summaries equal to a full recount after random writes."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pendulum
import pytest

from shiftboard import i18n
from shiftboard.clock import FixedClock
from shiftboard.domain.reports.period import PeriodKind, period_of
from shiftboard.domain.reports.report import Wanted
from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.render import report as render
from shiftboard.services.reports import ReportService
from shiftboard.store import Store
from shiftboard.store.shipped import default_playbook
from tests import reports_data
from tests.conftest import at
from tests.test_handover_export import golden_record

GOLDEN = Path(__file__).parent / "golden"
NOW = "2026-11-30 18:00"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SHIFTBOARD_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture(params=["en"])
def lang(request) -> str:
    return request.param


@pytest.fixture
def filled(tmp_path, lang) -> Store:
    """The fortnight of cases, and the day of 2026-11-23: its run ticked (one item skipped
    with a reason), its handover signed and acknowledged."""
    golden_record(tmp_path / "data", lang)
    i18n.set_language(lang)
    store = Store(tmp_path / "data", FixedClock(at("2026-11-02 09:00")))
    reports_data.fill(store)
    store.clock = FixedClock(at(NOW))
    return store


def service_for(store: Store, lang: str = "en") -> ReportService:
    playbook = parse_playbook(default_playbook(lang).read_text(encoding="utf-8"))
    return ReportService(store, store.clock, "李娜", playbook)


def test_periods():
    day = pendulum.Date(2026, 11, 25)
    assert period_of("week", day).label == "2026-W48"
    assert period_of("week", day).first == pendulum.Date(2026, 11, 23)
    assert period_of("month", day).days()[-1] == "2026-11-30"
    assert period_of("month", day).shifted(-1).label == "2026-10"
    assert period_of("year", day).first == pendulum.Date(2025, 12, 1)
    assert period_of("day", day).shifted(1).label == "2026-11-26"


@pytest.mark.parametrize("lang", ["en", "zh-CN"], indirect=True)
def test_month_report_matches_its_golden_file(filled, lang):
    service = service_for(filled, lang)
    built = service.report(service.period(PeriodKind.MONTH))
    check_golden(f"report.month.{lang}.txt", render.text(built))
    check_golden(f"report.month.{lang}.md", render.markdown(built))


def test_json_is_stable_and_holds_the_numbers(filled):
    service = service_for(filled)
    data = render.as_json(service.report(service.period(PeriodKind.MONTH)))
    check_golden("report.month.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    refunds = data["tables"]["refunds"][0]
    assert (refunds["requests"], refunds["refunded"], refunds["withdrawn"]) == (4, 3, 1)
    assert refunds["refund_rate"] == 0.75 and refunds["amount"] == "457.00"
    clocks = {(r["complaint_kind"], r["clock"]): r for r in data["tables"]["clocks"]}
    assert clocks[("soft", "first_response")]["met"] == 1
    assert clocks[("soft", "first_response")]["late"] == 1
    assert clocks[("soft", "first_response")]["breached"] == 2  # the two open ones, now
    assert clocks[("hard", "first_response")]["missed"] == 1
    returns = {r["store"]: r for r in data["tables"]["returns"]}
    assert (returns["专卖店"]["restocked"], returns["专卖店"]["loss"]) == (2, 1)
    assert data["tables"]["reviews"][0]["compensation"] == "10.00"
    assert data["tables"]["handovers"] == [{"agent": "Li", "handovers": 1, "signed_in_time": 1,
                                            "acked_in_time": 1, "rate": 1.0}]
    assert {"block": "Reviews", "reason": "Monday meeting", "count": 1} in data["tables"]["skips"]


def test_narrowed_to_a_store_and_an_agent(filled):
    service = service_for(filled)
    month = service.period(PeriodKind.MONTH)
    mine = render.as_json(service.report(month, Wanted(agent="李娜")))
    assert [row["agent"] for row in mine["tables"]["agents"]] == ["李娜"]
    shop = render.as_json(service.report(month, Wanted(store="专卖店")))
    assert [row["store"] for row in shop["tables"]["stores"]] == ["专卖店"]
    week = render.as_json(service.report(service.period("week", pendulum.Date(2026, 11, 3))))
    assert week["tables"]["complaint_weeks"] == [{"week": "2026-W45", "count": 2}]


@pytest.mark.parametrize("lang", ["zh-CN"], indirect=True)
def test_csv_starts_with_a_bom_and_opens_as_utf8(filled):
    service = service_for(filled, "zh-CN")
    data = render.csv_text(service.report(service.period(PeriodKind.MONTH))).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.startswith("月报 2026-11") and "退款率" in text


def test_summaries_equal_a_recount_after_random_writes(tmp_path):
    store = Store(tmp_path / "data", FixedClock(at("2026-11-02 09:00")))
    reports_data.fill(store)
    rng = random.Random(4)
    desk = reports_data._desk(store, store.clock, "王磊")
    for n in range(40):
        store.clock.advance(hours=rng.randint(1, 30))
        choice = rng.random()
        if choice < 0.4:
            reports_data.after_sales(desk, rng.choice(["旗舰店", "专卖店"]), f"2026110{n:07d}", "10.00",
                                     rng.choice(["refunded", "closed", "open"]), full=rng.random() < 0.5)
        elif choice < 0.7:
            reports_data.complaint(desk, rng.choice(["soft", "hard"]), rng.choice([None, "李娜"]),
                                   rng.choice([None, 5, 90]), close=rng.random() < 0.6)
        else:
            live = store.cases.live.read()
            if live:  # an edit that changes what a case counts as: its store and handler
                case = rng.choice(live)
                desk.assign(case["id"], rng.choice(["李娜", "王磊", "Chen"]), None)
    store.clock = FixedClock(store.clock.now().add(days=2))
    store.maintain()  # archiving moves records; what they count must not change
    kept = _all_days(store)
    store.cases.recount()
    assert _all_days(store) == kept and kept


def _all_days(store: Store) -> dict:
    folder = store.cases.summaries.folder
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


WRITER = """
import sys
from shiftboard.clock import FixedClock
from shiftboard.store import Store
from tests import reports_data
from tests.conftest import at
store = Store(sys.argv[1], FixedClock(at("2026-11-05 09:00")))
desk = reports_data._desk(store, store.clock, sys.argv[2])
for n in range(8):
    reports_data.after_sales(desk, "旗舰店", f"2026110500{sys.argv[3]}{n:04d}", "10.00", ["refunded", "closed"][n % 2])
"""


def test_processes_writing_at_once_keep_the_sums_right(tmp_path):
    """Three processes add and close cases at the same time: every write changes the day
    files under their lock, so the kept sums still equal a recount."""
    import subprocess
    import sys

    root = tmp_path / "data"
    Store(root, FixedClock(at("2026-11-05 09:00"))).cases  # a new data dir: counted from the start
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(root), agent, str(n)],
                              cwd=Path(__file__).parent.parent)
             for n, agent in enumerate(["李娜", "王磊", "Chen"])]
    assert [proc.wait(timeout=120) for proc in procs] == [0, 0, 0]
    store = Store(root, FixedClock(at("2026-11-30 18:00")))
    kept = _all_days(store)
    store.cases.recount()
    assert _all_days(store) == kept
    slots = kept["2026-11-05"]["slots"]
    assert sum(metrics.get("opened.after_sales", 0) for metrics in slots.values()) == 24
