"""Record completeness on hand-made records, and the xlsx export read back cell by cell."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from shiftboard import i18n
from shiftboard.domain.reports.completeness import ReportSettings, missing, parse_settings, share_of
from shiftboard.domain.reports.facts import contribution, empty_fields
from shiftboard.domain.reports.period import PeriodKind
from shiftboard.domain.problems import FileProblems
from shiftboard.render.xlsx import workbook
from shiftboard.services.reports import incomplete_table
from tests.test_reports_domain import filled, lang, service_for  # noqa: F401 (fixtures)

SETTINGS = ReportSettings({"after_sales": ("buyer", "buyer_address")}, 85, 30)


def record(**fields) -> dict:
    return {"id": "c1", "kind": "after_sales", "status": "awaiting_seller", "store": "旗舰店", "handler": "李娜",
            "created_at": "2026-11-02T09:00:00+08:00", "closed_at": None, **fields}


def test_a_record_is_complete_with_the_full_name_and_address():
    full = record(buyer="张三", buyer_address="上海市浦东新区")
    assert missing("after_sales", empty_fields(full), SETTINGS) == ()
    assert missing("after_sales", empty_fields(record(buyer="张三")), SETTINGS) == ("buyer_address",)
    assert missing("after_sales", empty_fields(record()), SETTINGS) == ("buyer", "buyer_address")
    assert missing("review", empty_fields({"kind": "review"}), SETTINGS) == ()  # not measured


def test_the_share_counts_measured_kinds_only():
    """17 complete of 25 after-sales records is 68% (the field's team, before its 85% goal)."""
    metrics: dict = {}
    for n in range(25):
        case = record(buyer="张三", buyer_address="上海" if n < 17 else "")
        for day in contribution(case)[0].values():
            for slot_metrics in day.values():
                for key, value in slot_metrics.items():
                    metrics[key] = metrics.get(key, 0) + value
    metrics["fields.review."] = 3
    share = share_of(metrics, SETTINGS)
    assert (share.complete, share.total) == (17, 25) and share.ratio == 0.68


def test_settings_file_problems_are_named():
    assert parse_settings("[completeness]\ngoal = 90\nafter_sales = ['buyer']\n").goal == 90
    with pytest.raises(FileProblems) as found:
        parse_settings("[completeness]\ngoal = 190\nafter_sales = ['shoe_size']\n")
    assert {p.key for p in found.value.problems} == {"report.bad_number", "report.bad_fields"}


@pytest.mark.parametrize("lang", ["zh-CN"], indirect=True)
def test_xlsx_reads_back_cell_by_cell(filled):
    service = service_for(filled, "zh-CN")
    month = service.period(PeriodKind.MONTH)
    built = service.report(month)
    built.tables.append(incomplete_table(service.incomplete(month)))
    book = load_workbook(io.BytesIO(workbook(built)))
    refunds = book["售后结果与退款率"]
    assert [c.value for c in refunds[1]] == ["完结售后", "已退款", "已换货", "已维修", "关闭（未退款）", "退款率",
                                             "退款金额（元）"]
    assert [c.value for c in refunds[2]] == [4, 3, 0, 0, 1, 0.75, 457.0]
    assert refunds["F2"].number_format == "0.0%" and refunds["G2"].number_format == "#,##0.00"
    assert refunds.freeze_panes == "A2"
    cases = book["工单（按类型）"]
    assert cases["A2"].value == "售后" and cases["B2"].value == 6
    assert cases.column_dimensions["A"].width >= 14  # 缺货/发货通知: 13 cells wide
    incomplete = book["不完整的记录"]
    orders = [row[4].value for row in incomplete.iter_rows(min_row=2)]
    assert "20261102000002" in orders and all(isinstance(o, str) for o in orders if o)
    created = incomplete["B2"]
    assert created.is_date and created.number_format == "yyyy-mm-dd hh:mm" and created.value.year == 2026
    assert i18n.language() == "zh-CN"
