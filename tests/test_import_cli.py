"""`shiftboard import` as scripts and agents use it: dry run, JSON, result file, exit codes."""

from __future__ import annotations

import json

from tests.import_files import row, write_csv
from tests.test_cases_cli import run  # noqa: F401  (the fixture)


def test_dry_run_then_import_then_again_with_a_result_file(run, tmp_path):
    path = write_csv(tmp_path / "x.csv", [row("300000000001"), row("300000000002", item="裤子", state="退款关闭")],
                     "gbk", title="退款导出")
    dry = run("import", str(path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "GB18030, mapping taobao, header on row 2" in dry.stdout and "dry run: nothing was written" in dry.stdout
    assert "row 4     new" in dry.stdout and "close" in dry.stdout
    assert json.loads(run("cases", "list", "--json").stdout)["total"] == 0
    done = run("import", str(path), "--json")
    data = json.loads(done.stdout)
    assert data["written"] and data["counts"] == {"create": 2, "update": 0, "unchanged": 0, "refused": 0}
    again = run("import", str(path), "--result", str(tmp_path / "out.csv"), lang="zh")
    assert "新建 0，更新 0，不变 2，拒绝 0" in again.stdout
    result = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()
    assert result[0] == "行号,结果,售后单,变更,问题与待决定" and result[1].startswith("3,不变,")


def test_a_refused_row_exits_2_names_row_and_column_and_writes_nothing(run, tmp_path):
    path = write_csv(tmp_path / "x.csv", [row("300000000001"), row("300000000002", order="2.02611E+17")])
    out = run("import", str(path))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "row 3     refused   订单编号: the number was stored as a number" in out.stdout
    assert "1 row(s) of" in out.stderr and "nothing was written" in out.stderr
    assert json.loads(run("cases", "list", "--json").stdout)["total"] == 0


def test_bad_options_and_files_are_one_line_errors(run, tmp_path):
    path = write_csv(tmp_path / "x.csv", [row("300000000001")])
    both = run("import", str(path), "--preset", "taobao", "--mapping", "m.toml")
    assert both.returncode == 2 and "not both" in both.stderr
    unknown = run("import", str(path), "--preset", "jd")
    assert unknown.returncode == 2 and "no mapping preset \"jd\"" in unknown.stderr
    missing = run("import", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_check_reports_a_team_mapping_file_line_by_line(run, tmp_path):
    folder = tmp_path / "data" / "import"
    folder.mkdir(parents=True)
    (folder / "ours.toml").write_text('schema = 1\nname = "ours"\n[columns]\norder_no = "单号"\nstatus = "状态"\n'
                                      '[states]\n"完成" = "done"\n', encoding="utf-8")
    out = run("check")
    assert out.returncode == 2
    assert f"{folder / 'ours.toml'}:7: \"完成\" = \"done\" is not one of:" in out.stdout
    assert "data/import/taobao.toml: ok" in out.stdout
