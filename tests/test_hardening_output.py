"""No raw control byte from stored text reaches a terminal or an export: the CLI, the screens
and the JSON/Markdown exports all go through the one sanitiser; what is stored stays as typed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from shiftboard.cli.main import main
from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.sanitize import is_clean, json_text, visible
from shiftboard.store import Store
from shiftboard.tui.app import create_app
from tests.conftest import TZ, at

NOW = "2026-11-23 08:45"
HOSTILE = "ok\x1b]0;owned\x07 \x1b[2J\x9b31m\u202eevil\rX\bY"


@pytest.fixture
def cli(tmp_path):
    def invoke(*args: str):
        result = CliRunner().invoke(main, [*args, "--data-dir", str(tmp_path / "data"), "--agent", "Li",
                                           "--lang", "en", "--now", NOW])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        return result
    return invoke


def raw(text: str) -> bool:
    return not is_clean(text, multiline=True)


def test_visible_spells_out_and_keeps_the_rest():
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("甲\u202e乙\x9b") == "甲\\u202e乙\\x9b"
    assert visible("line\nnext\tcol", multiline=True) == "line\nnext\tcol"
    assert visible("line\nnext") == "line\\x0anext"


def test_json_text_reads_back_exactly_what_was_stored():
    data = {"note": HOSTILE, "name": "王\u2066芳"}
    text = json_text(data, indent=2)
    assert not raw(text) and json.loads(text) == data


def test_cli_outputs_spell_out_what_a_note_and_a_case_hold(cli, tmp_path):
    assert cli("note", "overnight.returns", HOSTILE).exit_code == 0
    assert cli("cases", "add", "logistics", "store=A", f"buyer={HOSTILE}", "order_no=2026112300001",
               "tracking_no=YT1234567890", "courier=圆通").exit_code == 0
    for args in (["status"], ["status", "--json"], ["cases", "list"], ["cases", "show", "YT1234567890"],
                 ["cases", "show", "YT1234567890", "--json"]):
        out = cli(*args).output
        assert not raw(out), args
    assert "\\x1b]0;owned" in cli("status").output
    stored = json.loads((tmp_path / "data" / "runs.json").read_text(encoding="utf-8"))
    notes = next(iter(stored["records"].values()))["notes"]["overnight.returns"]
    assert notes[0]["text"] == HOSTILE  # kept as typed


def test_handover_exports_spell_out_control_bytes(cli, tmp_path):
    from shiftboard.services.handover import HandoverService
    from shiftboard.services.shift import ShiftService, load_playbook
    from shiftboard.store.shipped import default_playbook

    clock = FixedClock(at("2026-11-23 19:20"))
    store = Store(tmp_path / "data", clock)
    shifts = ShiftService(store, load_playbook(default_playbook("en"), store), clock, "Li")
    service = HandoverService(store, shifts, clock, "Li")
    record = service.draft(*shifts.locate())
    service.save_notes(record["id"], {"summary": HOSTILE})
    for fmt in ("md", "txt", "json"):
        out = cli("handover", "export", "--format", fmt, "--date", "2026-11-23").output
        assert "owned" in out and not raw(out), fmt


async def test_screens_draw_control_bytes_as_visible_stand_ins(tmp_path):
    clock = FixedClock(at(NOW))
    store = Store(tmp_path, clock)
    settings = Settings(data_dir=tmp_path, agent="Li\x1b[31m", lang="en", timezone=TZ)
    app = create_app(settings, clock, store)
    app.service.note(*app.service.locate(), "overnight.returns", HOSTILE)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        drawn = []
        for widget in app.screen.walk_children():
            if widget.region.area:
                for strip in widget.render_lines(widget.region.reset_offset):
                    drawn.append("".join(text for text, _, control in strip if not control))
        screen = "\n".join(drawn)
        assert "Li␛[31m" in screen
        assert not raw(screen)
