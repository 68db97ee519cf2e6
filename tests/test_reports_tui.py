"""The Reports and KPI screens driven by keys: opened from the dashboard, the period moved,
narrowed to the agent's own figures, the incomplete records opened, a KPI part entered."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Label, OptionList
from textual_plotext import PlotextPlot

from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.store import Store
from shiftboard.tui.app import create_app
from shiftboard.tui.desk.case import CaseScreen
from shiftboard.tui.reports.kpi import KpiScreen
from shiftboard.tui.reports.screen import ReportScreen
from tests import reports_data
from tests.conftest import TZ, at
from tests.test_desk_tui import text_of
from tests.waiting import settle, until


@pytest.fixture
def make(tmp_path):
    reports_data.fill(Store(tmp_path, FixedClock(at("2026-11-02 09:00"))))

    def build(lang: str = "en", agent: str = "王磊"):
        clock = FixedClock(at("2026-11-04 18:00"))
        settings = Settings(data_dir=tmp_path, agent=agent, lang=lang, timezone=TZ)
        return create_app(settings, clock, Store(tmp_path, clock))

    return build


def head(app) -> str:
    return str(app.screen.query_one("#report-head", Label).render())


async def test_reports_open_from_the_dashboard_and_move_by_period(make):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert head(app).startswith("Weekly report 2026-W45")
        assert "[Complaint clocks]" in text_of(app, "#report-text")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert head(app).startswith("Weekly report 2026-W44")
        await pilot.press("m")
        await settle(pilot)
        assert head(app).startswith("Monthly report 2026-11")
        agents = text_of(app, "#report-text")
        assert "李娜" in agents and "王磊" in agents
        await pilot.press("a")  # only my own figures
        await settle(pilot)
        assert head(app).startswith("Monthly report 2026-11 · 王磊")
        body = text_of(app, "#report-text")
        assert "李娜  " not in body.split("Cases by agent")[1].split("After-sales")[0]
        assert len(app.screen.query(PlotextPlot)) == 3


async def test_incomplete_records_open_with_enter(make):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(ReportScreen())
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        found = app.screen.query_one("#incomplete", OptionList)
        assert found.option_count >= 1 and "address" in str(found.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)


async def test_kpi_screen_enters_a_judged_part(make):
    app = make(lang="zh-CN", agent="主管")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        assert isinstance(app.screen, KpiScreen)
        assert "KPI 考核表 2026-11" in str(app.screen.query_one("#kpi-head", Label).render())
        table = app.screen.query_one("#kpi-lines", DataTable)
        assert [str(table.get_row_at(n)[0]) for n in range(table.row_count)] == ["李娜", "王磊"]
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")  # the first part: service quality
        await settle(pilot)
        await pilot.press(*"优", "enter")
        await settle(pilot)
        record = app.store.kpi.live.get("2026-11/李娜")
        assert record["entries"][-1] == {"field": "service", "value": "优", "by": "主管",
                                         "at": "2026-11-04T18:00:00+08:00"}
        await settle(pilot)
        assert "优" in text_of(app, "#kpi-breakdown") and "主管" in text_of(app, "#kpi-breakdown")
        await pilot.press("e", "enter", "A", "+", "enter")  # not a grade: refused, said in a toast
        await until(pilot, lambda: any("优/良/中/差" in n.message for n in app._notifications), what="refusal toast")
        assert len(app.store.kpi.live.get("2026-11/李娜")["entries"]) == 1
