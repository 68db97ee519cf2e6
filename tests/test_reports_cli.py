"""`shiftboard report` and `shiftboard kpi` as a lead uses them from a shell."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from shiftboard.cli.main import main
from shiftboard.clock import FixedClock
from shiftboard.store import Store
from tests import reports_data
from tests.conftest import at


@pytest.fixture
def run(tmp_path):
    data = tmp_path / "data"
    reports_data.fill(Store(data, FixedClock(at("2026-11-02 09:00"))))

    def run(*args: str, lang: str = "en", agent: tuple = ()):
        result = CliRunner().invoke(main, [*args, "--data-dir", str(data), "--lang", lang, *agent,
                                           "--now", "2026-11-30 18:00"])
        return result
    return run


def test_report_json_for_a_week_narrowed_to_an_agent(run):
    out = run("report", "week", "--date", "2026-11-03", "--json", agent=("--agent", "王磊"))
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["schema"] == 1 and data["period"]["label"] == "2026-W45" and data["agent"] == "王磊"
    assert [row["agent"] for row in data["tables"]["agents"]] == ["王磊"]


def test_report_md_and_csv_written_to_files(run, tmp_path):
    md, csv = tmp_path / "m.md", tmp_path / "m.csv"
    assert run("report", "month", "--format", "md", "-o", str(md), lang="zh").exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# 月报 2026-11")
    assert run("report", "month", "--format", "csv", "-o", str(csv)).exit_code == 0
    assert csv.read_bytes().startswith(b"\xef\xbb\xbfMonthly report 2026-11")


def test_bad_date_and_xlsx_to_the_terminal_are_one_line_errors(run):
    out = run("report", "day", "--date", "2026-13-40")
    assert out.exit_code == 2 and "not a date" in out.output and "Traceback" not in out.output
    out = run("report", "day", "--format", "xlsx")
    assert out.exit_code == 2 and "-o FILE.xlsx" in out.output


def test_kpi_set_then_show_with_the_breakdown(run):
    out = run("kpi", "set", "李娜", "2026-11", "service", "优", agent=("--agent", "主管"))
    assert out.exit_code == 0 and "entered by 主管" in out.output
    assert run("kpi", "set", "李娜", "2026-11", "service", "A+").exit_code == 2
    out = run("kpi", "--month", "2026-11", "--format", "json")
    data = json.loads(out.output)
    parts = {(row["agent"], row["part"]): row for row in data["tables"]["kpi_parts"]}
    assert parts[("李娜", "service")]["points"] == 20 and parts[("李娜", "service")]["source"].startswith("主管")
    assert [row["agent"] for row in data["tables"]["kpi"]] == ["李娜", "王磊"]
    shown = run("kpi", "--month", "2026-11", lang="zh").output
    assert "KPI 考核表 2026-11" in shown and "服务质量" in shown and "系统记录" in shown


def test_a_data_dir_without_summaries_is_counted_in_memory_and_left_untouched(run, tmp_path):
    """A data dir from before summaries: `report` only reads, so it counts from the cases
    and writes nothing; the figures are the same as from kept sums."""
    import shutil

    kept = json.loads(run("report", "month", "--json").output)
    folder = tmp_path / "data" / "history" / "cases-summary"
    shutil.rmtree(folder)
    counted = json.loads(run("report", "month", "--json").output)
    assert counted == kept and not folder.exists()
