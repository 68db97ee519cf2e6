"""The real entry point, as a script or an agent at a shell would call it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

NOW = "2026-11-23 08:45"


@pytest.fixture
def sb(tmp_path):
    def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
        env = {"SHIFTBOARD_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
               "TZ": "Asia/Shanghai"}
        return subprocess.run([sys.executable, "-m", "shiftboard", *args], capture_output=True,
                              text=True, env=env, input=input, timeout=60)
    return run


def test_status_json_tick_and_skip_round_trip(sb):
    assert sb("tick", "overnight.returns", "--now", NOW, "--agent", "Li").returncode == 0
    done = sb("--now", NOW, "skip", "overnight.inquiries", "--reason", "none overnight")
    assert done.returncode == 0, done.stderr
    out = sb("status", "--json", "--now", NOW)
    data = json.loads(out.stdout)
    assert data["schema"] == 1 and data["current_block"] == "overnight"
    assert data["remaining_seconds"] == 45 * 60
    items = {i["id"]: i for i in data["blocks"][0]["items"]}
    assert items["overnight.returns"]["status"] == "done" and items["overnight.returns"]["by"] == "Li"
    assert items["overnight.inquiries"]["reason"] == "none overnight"
    assert data["blocks"][0]["done"] == 2


def test_status_text_in_chinese(sb):
    out = sb("status", "--lang", "zh", "--now", NOW)
    assert out.returncode == 0
    assert "当前时段：处理前天售后——还剩 45 分钟" in out.stdout


def test_wrong_item_is_a_clear_error_not_a_traceback(sb):
    out = sb("tick", "overnight.nope", "--now", NOW)
    assert out.returncode == 2
    assert "no item \"overnight.nope\"" in out.stderr and "Traceback" not in out.stderr


def test_bad_now_and_bad_date(sb):
    assert "--now wants a time" in sb("status", "--now", "tea time").stderr
    assert sb("status", "--date", "someday").returncode == 2


def test_check_reports_every_problem_with_file_and_line(sb, tmp_path):
    playbook = tmp_path / "bad.toml"
    playbook.write_text('[[shifts]]\nid = "d"\ntitle = "D"\n[[shifts.blocks]]\nid = "a"\ntitle = "A"\n'
                        'start = "25:00"\nend = "09:00"\ncolor = 1\n', encoding="utf-8")
    out = sb("check", str(playbook))
    assert out.returncode == 2
    lines = out.stdout.splitlines()
    assert f"{playbook}:7: start = \"25:00\" is not a time of day (HH:MM, 00:00–23:59)" in lines
    assert any(line.startswith(f"{playbook}:9: unknown key \"color\"") for line in lines)
    assert any(line.startswith(f"{playbook}:4: block \"a\" has an empty checklist") for line in lines)


def test_check_passes_the_shipped_playbook(sb):
    out = sb("check")
    assert out.returncode == 0, out.stdout + out.stderr


def test_running_with_a_broken_playbook_explains_and_exits_2(sb, tmp_path):
    playbook = tmp_path / "broken.toml"
    playbook.write_text("[[shifts]\n", encoding="utf-8")
    out = sb("status", "--playbook", str(playbook))
    assert out.returncode == 2 and f"{playbook}:1: TOML syntax error" in out.stderr


def test_commands_of_other_modules_are_found_by_name_and_listed_in_help(sb):
    """`main` imports the command modules only when one of their commands is named: its table
    of them must name every command those modules register, and nothing else."""
    import importlib

    from shiftboard.cli.main import Commands, main

    for module in set(Commands.ELSEWHERE.values()):
        importlib.import_module(f"shiftboard.cli.{module}")
    assert set(main.commands) == set(Commands.ELSEWHERE)
    listed = sb("--help").stdout
    assert all(name in listed for name in Commands.ELSEWHERE)
    assert sb("rules", "--help").returncode == 0


def test_first_run_is_not_asked_when_agent_and_language_are_given(tmp_path):
    from shiftboard.cli.main import build_context

    given = build_context({"data_dir": tmp_path, "agent": "Li", "lang": "zh"}, maintain=False)
    asked = build_context({"data_dir": tmp_path, "agent": "Li"}, maintain=False)
    assert (given.settings.first_run, asked.settings.first_run) == (False, True)
