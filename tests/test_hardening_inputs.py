"""Bad input of every kind ends in one clear line naming what and where, exit 2, never a
traceback, and never changes the data (README: "Bad input")."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from shiftboard.cli.main import main
from shiftboard.store.teamfiles import MAX_BYTES

NOW = "2026-11-23 08:45"


@pytest.fixture
def cli(tmp_path):
    def invoke(*args: str, data_dir: Path | None = None):
        data = data_dir if data_dir is not None else tmp_path / "data"
        result = CliRunner().invoke(main, [*args, "--data-dir", str(data), "--agent", "Li", "--lang", "en"])
        # Only our exit (SystemExit) may end a command: any other exception is a traceback.
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        return result
    return invoke


def fails(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output


# --- team files --------------------------------------------------------------------------

def test_a_fifo_as_the_playbook_is_refused_without_waiting_for_a_writer(cli, tmp_path):
    fifo = tmp_path / "playbook.toml"
    os.mkfifo(fifo)
    fails(cli("status", "--playbook", str(fifo), "--now", NOW), str(fifo), "not a regular file")


def test_a_symlink_loop_as_the_team_playbook_is_named_not_replaced_by_the_shipped_one(cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "playbook.toml").symlink_to(data / "loop.toml")
    (data / "loop.toml").symlink_to(data / "playbook.toml")
    fails(cli("status", "--now", NOW), "playbook.toml", "points back to itself")


def test_a_dangling_link_is_named(cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "policy.toml").symlink_to(tmp_path / "gone.toml")
    fails(cli("check"), "policy.toml", "points to nothing")


def test_a_directory_as_a_team_file(cli, tmp_path):
    fails(cli("status", "--playbook", str(tmp_path), "--now", NOW), "not a regular file")


def test_an_oversized_team_file(cli, tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    fails(cli("check", str(big)), "big.toml", "too large")


def test_a_gbk_config_names_the_file_and_line_on_every_command(cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").write_bytes('shop = "ok"\nagent = "张三"\n'.encode("gbk"))
    fails(cli("status", "--now", NOW), "config.toml:2:", "not UTF-8")
    fails(cli("check"), "config.toml:2:", "not UTF-8")


def test_a_binary_config_and_a_directory_config(cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").write_bytes(b"\xff\xfe\x00\x01garbage")
    fails(cli("status", "--now", NOW), "not UTF-8")
    (data / "config.toml").unlink()
    (data / "config.toml").mkdir()
    fails(cli("status", "--now", NOW), "config.toml", "not a regular file")


def test_deep_nesting_is_one_line_not_a_recursion_error(cli, tmp_path):
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    result = cli("check", str(deep))
    fails(result, "deep.toml:1:", "nested 5000 levels")
    assert len(result.output) < 2000


@pytest.mark.parametrize("number", ["nan", "inf", "-inf", "+nan"])
def test_non_finite_numbers_in_team_files_are_refused_at_their_line(cli, tmp_path, number):
    rules = tmp_path / "data" / "rules.toml"
    rules.parent.mkdir()
    rules.write_text(f"# the team's rules\nafter_close_fee_percent = {number}\n")
    fails(cli("check"), "rules.toml:2:", "not numbers here")


def test_a_huge_exponent_is_refused_too(cli, tmp_path):
    rules = tmp_path / "data" / "rules.toml"
    rules.parent.mkdir()
    rules.write_text("after_close_fee_percent = 1e309\n")
    fails(cli("check"), "rules.toml:1:", "not numbers here")


# --- the data dir --------------------------------------------------------------------------

def test_a_data_dir_that_is_a_file_or_lies_inside_one(cli, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    fails(cli("tick", "overnight.returns", "--now", NOW, data_dir=afile), str(afile), "not a folder")
    fails(cli("tick", "overnight.returns", "--now", NOW, data_dir=afile / "inside"), "not a folder")
    assert afile.read_text() == "x"


def test_a_data_dir_that_cannot_be_written(cli, tmp_path):
    fails(cli("tick", "overnight.returns", "--now", NOW, data_dir=Path("/proc/1")), "/proc/1")


def test_reading_commands_leave_a_missing_data_dir_missing(cli, tmp_path):
    data = tmp_path / "never"
    assert cli("status", "--now", NOW, data_dir=data).exit_code == 0
    assert cli("check", data_dir=data).exit_code == 0
    assert cli("cases", "list", data_dir=data).exit_code == 0
    assert not data.exists()


# --- --now ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["+99999999999d", "9999-12-31 23:59", "1999-12-31 23:00", "2101-01-01",
                                   "-3h50m30x", "+", "+2x", "soon"])
def test_now_out_of_range_or_malformed(cli, value):
    fails(cli("status", "--now", value), "--now", value)


def test_an_offset_with_several_units_is_read_whole(cli):
    from shiftboard.clock import OffsetClock, parse_now

    clock = parse_now("-3h50m30s", "Asia/Shanghai")
    assert isinstance(clock, OffsetClock) and clock.offset.in_seconds() == -(3 * 3600 + 50 * 60 + 30)


def test_a_far_future_clock_moves_nothing_into_history(cli, tmp_path):
    assert cli("tick", "overnight.returns", "--now", NOW).exit_code == 0
    assert cli("tick", "overnight.inquiries", "--now", "2099-06-01 09:00").exit_code == 0
    assert not (tmp_path / "data" / "history" / "runs-2026-11.json").exists()
    assert cli("status", "--json", "--date", "2026-11-23", "--now", NOW).output.count('"done"') >= 1


# --- read-only commands write nothing ---------------------------------------------------------

def checksums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_reading_commands_change_no_byte_of_the_data_dir(cli, tmp_path):
    data = tmp_path / "data"
    assert cli("tick", "overnight.returns", "--now", NOW).exit_code == 0
    assert cli("note", "overnight.returns", "3 parcels", "--now", NOW).exit_code == 0
    assert cli("cases", "add", "logistics", "store=A", "order_no=2026112300001", "tracking_no=YT1234567890",
               "courier=圆通", "--now", NOW).exit_code == 0
    # a day later: upkeep would be due, and only a writing command may do it
    later = "2026-11-24 09:00"
    before = checksums(data)
    for args in (["status"], ["status", "--json"], ["cases", "list"], ["cases", "show", "YT1234567890"],
                 ["cases", "due"], ["cases", "register"], ["handover", "list"], ["handover", "show"],
                 ["replies"], ["replies", "早上好"], ["rules", "postage", "tmall", "quality"], ["check"]):
        result = cli(*args, "--now", later)
        assert result.exit_code in (0, 2), (args, result.output)
        assert checksums(data) == before, args


# --- damaged records ---------------------------------------------------------------------------

def _damage(path: Path, change) -> None:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    change(next(iter(data["records"].values())))
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("change", [
    lambda r: r.pop("date"), lambda r: r.update(items=[1]), lambda r: r.update(date="garbage"),
    lambda r: r["items"]["overnight.returns"].update(at="xx"), lambda r: r["items"].update({"overnight.returns": "x"}),
], ids=["no-date", "items-list", "bad-date", "bad-time", "mark-text"])
def test_a_damaged_run_is_named_skipped_and_left_as_it_is(cli, tmp_path, change):
    runs = tmp_path / "data" / "runs.json"
    assert cli("tick", "overnight.returns", "--now", NOW).exit_code == 0
    _damage(runs, change)
    damaged = runs.read_bytes()
    shown = cli("status", "--now", NOW)
    assert shown.exit_code == 0 and "record 2026-11-23/day is damaged" in shown.output
    fails(cli("tick", "overnight.inquiries", "--now", NOW), "runs.json", "2026-11-23/day", "nothing was changed")
    assert runs.read_bytes() == damaged


@pytest.mark.parametrize("change", [
    lambda r: r.pop("kind"), lambda r: r.update(kind="zzz"), lambda r: r.pop("status"),
    lambda r: r.update(timeline=5), lambda r: r.update(created_at=3), lambda r: r["events"].update(opened="x"),
], ids=["no-kind", "bad-kind", "no-status", "timeline", "created", "event"])
def test_a_damaged_case_does_not_stop_the_list(cli, tmp_path, change):
    for n in (1, 2):
        assert cli("cases", "add", "logistics", "store=A", f"order_no=202611230000{n}",
                   f"tracking_no=YT123456789{n}", "courier=圆通", "--now", NOW).exit_code == 0
    shard = next(p for p in (tmp_path / "data").glob("cases-*.json"))
    _damage(shard, change)
    for args in (["cases", "list"], ["cases", "due"]):
        result = cli(*args, "--now", NOW)
        assert result.exit_code == 0 and "is damaged" in result.output, args
    for number in ("YT1234567891", "YT1234567892"):  # one of them is the damaged one
        assert cli("cases", "show", number, "--now", NOW).exit_code in (0, 2)


@pytest.mark.parametrize("change", [
    lambda r: r.pop("run"), lambda r: r.update(notes=[1]), lambda r: r["notes"].update(actions="x"),
    lambda r: r.update(signed="x"), lambda r: r.update(content=None), lambda r: r.update(acks=5),
    lambda r: r.update(addenda=[1]), lambda r: r["notes"].update(actions=[{"text": "x", "due": "soon"}]),
], ids=["no-run", "notes-list", "actions-text", "signed", "content", "acks", "addenda", "due"])
def test_a_damaged_handover_does_not_stop_the_list(cli, tmp_path, change):
    from shiftboard.clock import FixedClock
    from shiftboard.services.handover import HandoverService
    from shiftboard.services.shift import ShiftService, load_playbook
    from shiftboard.store import Store
    from shiftboard.store.shipped import default_playbook
    from tests.conftest import at

    clock = FixedClock(at("2026-11-23 19:20"))
    store = Store(tmp_path / "data", clock)
    shifts = ShiftService(store, load_playbook(default_playbook("en"), store), clock, "Li")
    service = HandoverService(store, shifts, clock, "Li")
    service.save_notes(service.draft(*shifts.locate())["id"], {"summary": "call Ms Wang"})
    _damage(tmp_path / "data" / "handovers.json", change)
    for args in (["handover", "list"], ["handover", "list", "--search", "wang"], ["handover", "show"]):
        result = cli(*args, "--now", "2026-11-23 19:25")
        assert result.exit_code in (0, 2) and "is damaged" in result.output, args


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    import subprocess
    import sys

    shell = f"{sys.executable} -m shiftboard replies --data-dir {tmp_path} --lang zh | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
