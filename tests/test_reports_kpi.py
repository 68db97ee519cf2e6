"""The KPI sheet's worked examples (DOMAIN §6), its settings file, and entries with who and when."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shiftboard.clock import FixedClock
from shiftboard.domain.reports.kpi import Facts, clean_value, parse_kpi_settings, refund_points, sheet
from shiftboard.domain.problems import FileProblems
from shiftboard.errors import ShiftboardError
from shiftboard.services.kpi import KpiService
from shiftboard.store import Store
from shiftboard.store.shipped import shipped
from tests import reports_data
from tests.conftest import at
from tests.test_reports_domain import service_for

SETTINGS = parse_kpi_settings(shipped("kpi.toml").read_text(encoding="utf-8"))


def entry(value) -> dict:
    return {"value": value, "by": "主管", "at": "2026-11-30T18:00:00+08:00"}


def test_refund_rate_bands():
    assert refund_points(4.0, SETTINGS.bands) == 30
    assert refund_points(5.0, SETTINGS.bands) == 30
    assert refund_points(6.5, SETTINGS.bands) == 20
    assert refund_points(20.0, SETTINGS.bands) == 0


def test_worked_example_over_the_line():
    """4 refunds on 100 orders (4% → 30), one verified complaint (−10), two late arrivals
    (20 − 2×5 = 10), grades 优 良 良 优 (20+15+15+20): 100 of 130, over the 91 line; the bonus
    is 1000 × 100 / 130 = 769.23, the pay 2000 + 769.23."""
    entries = {"service": entry("优"), "handling": entry("良"), "cooperation": entry("良"),
               "execution": entry("优"), "orders": entry(100), "late": entry(2)}
    found = sheet("李娜", "2026-11", Facts(refunds=4, verified_complaints=1, low_ratings=0, praise=0), entries,
                  SETTINGS)
    points = {part.id: part.points for part in found.parts}
    assert points == {"service": 20, "handling": 15, "cooperation": 15, "execution": 20, "refund_rate": 30,
                      "attendance": 10, "complaint": -10, "low_rating": 0, "praise": 0, "outstanding": 0}
    assert found.score == 100 and found.line == Decimal("91.0") and found.passed and found.complete
    assert found.bonus == Decimal("769.23") and found.pay == Decimal("2769.23")


def test_worked_example_under_the_line_earns_no_bonus():
    """All 良 (4×15), 4% (30), two late (10), one complaint (−10): 90 < 91."""
    entries = {field: entry("良") for field in ("service", "handling", "cooperation", "execution")}
    entries.update(orders=entry(100), late=entry(2), role=entry("senior"))
    found = sheet("王磊", "2026-11", Facts(4, 1, 0, 0), entries, SETTINGS)
    assert found.score == 90 and not found.passed
    assert found.bonus == Decimal("0.00") and found.pay == Decimal("2500.00")


def test_without_orders_the_refund_part_waits_and_the_sheet_is_not_complete():
    found = sheet("Chen", "2026-11", Facts(3, 0, 1, 2), {}, SETTINGS)
    parts = {part.id: part for part in found.parts}
    assert parts["refund_rate"].points == 0 and not found.complete
    assert parts["low_rating"].points == -5 and parts["praise"].points == 4 and parts["attendance"].points == 20


def test_entered_values_are_checked():
    assert clean_value("service", "good") == "良" and clean_value("late", "2") == 2
    for field, value in (("service", "A+"), ("late", "-1"), ("outstanding", "9"), ("mood", "x")):
        with pytest.raises(ShiftboardError):
            clean_value(field, value)
    with pytest.raises(FileProblems):
        parse_kpi_settings("pool = -1\n[points]\nlate = 'x'\n")


def test_entries_record_who_and_when_and_the_data_parts_come_from_the_records(tmp_path):
    store = Store(tmp_path / "data", FixedClock(at("2026-11-02 09:00")))
    reports_data.fill(store)
    store.clock = FixedClock(at("2026-11-30 18:00"))
    kpi = KpiService(service_for(store))
    kpi.enter("李娜", "2026-11", "orders", "50")
    kpi.enter("李娜", "2026-11", "service", "良")
    kpi.enter("李娜", "2026-11", "service", "优")  # a correction: the latest counts, both kept
    record = store.kpi.live.get("2026-11/李娜")
    assert [(e["field"], e["value"], e["by"]) for e in record["entries"]][-1] == ("service", "优", "李娜")
    assert len(record["entries"]) == 3 and record["entries"][0]["at"].startswith("2026-11-30T18:00")
    sheets = {s.agent: s for s in kpi.sheets("2026-11")}
    li = {part.id: part for part in sheets["李娜"].parts}
    assert li["service"].points == 20 and li["refund_rate"].value == "2.0% (1/50)"
    assert li["praise"].points == 2  # a 5-star rating on one of her cases
    wang = {part.id: part for part in sheets["王磊"].parts}
    assert wang["complaint"].points == -10  # the complaint about him, closed
    assert wang["low_rating"].points == -10  # two low ratings (1 and 2 stars)


def test_only_a_role_that_may_judge_enters_a_sheets_judged_parts(tmp_path):
    from shiftboard.store.audit import Actor

    store = Store(tmp_path / "data", FixedClock(at("2026-11-30 18:00")))
    kpi = KpiService(service_for(store))
    for name, role in (("王伟", "agent"), ("赵敏", "senior")):
        store.audit.actor = Actor(name, role, "tty:test")
        with pytest.raises(ShiftboardError) as refused:
            kpi.enter("李娜", "2026-11", "service", "优")
        assert (refused.value.key, refused.value.params["action"]) == ("approval.denied", "kpi.judge")
    store.audit.actor = Actor("主管", "lead", "tty:test")
    assert kpi.enter("李娜", "2026-11", "service", "优")["entries"][-1]["by"]
