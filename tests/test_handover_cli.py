"""`shiftboard handover show|export|list` in-process (click's runner), on a signed known day."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from shiftboard.cli.main import main
from shiftboard.clock import FixedClock
from shiftboard.services.shift import ShiftService
from shiftboard.services.handover import HandoverService
from shiftboard.store import Store
from tests.conftest import at
from tests.test_handover_service import known_day

NOW = "2026-11-23 20:00"


@pytest.fixture
def data(tmp_path, playbook):
    """The known day, Li's handover signed with a buyer's phone number in the summary."""
    clock = FixedClock(at("2026-11-23 19:20"))
    store = Store(tmp_path, clock)
    known_day(store, playbook)
    li = HandoverService(store, ShiftService(store, playbook, clock, "Li"), clock, "Li")
    hid = li.draft(*li.shifts.locate("2026-11-23", "day"))["id"]
    li.save_notes(hid, {"status": "urgent", "summary": "Call 13812345678 before 21:00"})
    li.sign(hid)
    return tmp_path


def sb(data, *args: str):
    return CliRunner().invoke(main, [*args, "--data-dir", str(data), "--now", NOW, "--lang", "en",
                                     "--agent", "Wang"], catch_exceptions=False)


def test_show_defaults_to_the_latest_handover_masked(data):
    out = sb(data, "handover", "show")
    assert out.exit_code == 0, out.output
    assert "Handover · Day shift 2026-11-23 → Night shift 2026-11-23" in out.output
    assert "138****5678" in out.output and "13812345678" not in out.output
    assert "status: ‼ urgent" in out.output


def test_export_markdown_to_a_file_and_unmasked_json_is_recorded(data, tmp_path):
    target = tmp_path / "handover.md"
    out = sb(data, "handover", "export", "--date", "2026-11-23", "--shift", "day", "-o", str(target))
    assert out.exit_code == 0 and target.read_text(encoding="utf-8").startswith("## Handover · Day shift")
    assert target.stat().st_mode & 0o777 == 0o600
    out = sb(data, "handover", "export", "--format", "json", "--unmask")
    [record] = json.loads(out.output)
    assert record["notes"]["summary"] == "Call 13812345678 before 21:00"
    assert record["timeline"][-1]["what"] == "unmasked" and record["timeline"][-1]["by"] == "Wang"


def test_list_and_search(data):
    out = sb(data, "handover", "list", "--search", "13812345678")
    assert out.exit_code == 0
    assert out.output.splitlines()[0].startswith("2026-11-23  day      Li         urgent  signed 19:20")
    assert "1 handover(s)" in out.output
    assert "0 handover(s)" in sb(data, "handover", "list", "--shift", "night").output


def test_no_handover_for_a_run_is_a_message_not_a_traceback(data):
    out = sb(data, "handover", "show", "--date", "2026-11-22")
    assert out.exit_code == 2 and "no handover for 2026-11-22/day" in out.output
    out = sb(data, "handover", "show", "--shift", "nope")
    assert out.exit_code == 2 and 'no shift "nope"' in out.output


def run_cli(data, agent: str, now: str, *args: str):
    return CliRunner().invoke(main, [*args, "--data-dir", str(data), "--now", now, "--lang", "en",
                                     "--agent", agent], catch_exceptions=False)


def test_write_sign_and_acknowledge_a_handover_from_a_shell(tmp_path):
    data = tmp_path / "d"
    out = run_cli(data, "Li", "2026-11-23 19:10", "handover", "note", "courier agent 851 comes at 21:00")
    assert out.exit_code == 0 and "noted in Li's handover of 2026-11-23/day" in out.output
    out = run_cli(data, "Li", "2026-11-23 19:10", "handover", "action", "add", "call Ms Wang back",
                  "--owner", "Zhang", "--due", "20:30", "--json")
    record = json.loads(out.output)
    assert record["notes"]["actions"] == [{"text": "call Ms Wang back", "owner": "Zhang",
                                           "due": record["notes"]["actions"][0]["due"]}]
    assert record["notes"]["actions"][0]["due"].startswith("2026-11-23T20:30")
    assert record["notes"]["summary"] == "courier agent 851 comes at 21:00"
    out = run_cli(data, "Li", "2026-11-23 19:15", "handover", "sign")
    assert out.exit_code == 0 and "signed" in out.output and "2026-11-23/night" in out.output
    out = run_cli(data, "Zhang", "2026-11-23 19:25", "handover", "ack")
    assert out.exit_code == 2 and "read-back" in out.output
    out = run_cli(data, "Zhang", "2026-11-23 19:25", "handover", "ack", "--read-back", "Wang at 20:30")
    assert out.exit_code == 0 and "acknowledged by Zhang" in out.output
    shown = json.loads(run_cli(data, "Zhang", "2026-11-23 20:45", "status", "--json").output)
    action = next(c for c in shown["carried"] if c["kind"] == "action")
    assert (action["status"], action["owner"]) == ("overdue", "Zhang")


def test_an_agent_in_early_is_told_when_the_handover_opens_and_can_take_it_at_once(tmp_path):
    data = tmp_path / "d"
    run_cli(data, "Li", "2026-11-23 18:40", "handover", "note", "3 parcels wait for tomorrow")
    run_cli(data, "Li", "2026-11-23 18:45", "handover", "sign")
    early = run_cli(data, "Zhang", "2026-11-23 18:50", "handover", "ack", "--read-back", "parcels tomorrow")
    assert early.exit_code == 2
    assert "Li's handover of 2026-11-23/day opens to the next shift at 19:15" in early.output
    assert "--id 2026-11-23/day/Li" in early.output
    taken = run_cli(data, "Zhang", "2026-11-23 18:50", "handover", "ack", "--read-back", "parcels tomorrow",
                    "--id", "2026-11-23/day/Li")
    assert taken.exit_code == 0 and "acknowledged by Zhang" in taken.output


@pytest.mark.parametrize("args", [
    ("handover", "action", "add", "x", "--due", "25:99"),
    ("handover", "action", "add", "  "),
    ("handover", "note", ""),
    ("handover", "ack", "--read-back", "ok"),  # nothing waiting
    ("handover", "sign", "--shift", "nope"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args):
    out = run_cli(tmp_path / "d", "Li", "2026-11-23 19:10", *args)
    assert out.exit_code == 2 and "Traceback" not in out.output and len(out.output.strip().splitlines()) == 1
