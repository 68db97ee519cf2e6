"""SVG snapshots of the handover screens in both languages; each docstring says what you
should see. Update after an intended change with
`pytest tests/test_handover_snapshots.py --snapshot-update` and look at the report first."""

from __future__ import annotations

import pytest

from shiftboard import i18n
from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.demo import fill_demo
from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.store import Store
from shiftboard.store.shipped import default_playbook
from shiftboard.tui.app import create_app
from tests.conftest import TZ, at
from tests.test_handover_service import known_day
from shiftboard.tui.handover.receive import HandoverReceive
from shiftboard.tui.handover.screen import HandoverCompose
from tests.waiting import settle, until

SIZE = (100, 30)
NOTES = {
    "en": {"summary": "Busy evening. Ms Zhang (13812345678) wants a call before 21:00.",
           "action": "Call Mr Wang back", "if": "the courier calls", "then": "photos are in the case memo"},
    "zh-CN": {"summary": "晚上咨询多。张女士（13812345678）要求 21:00 前回电。",
              "action": "给王先生回电", "if": "快递来电", "then": "照片在工单备注里"},
}


def composing(tmp_path, lang: str):
    """Li at 19:20 on the known day, with a draft already written."""
    i18n.set_language(lang)
    known_day(Store(tmp_path, FixedClock(at("2026-11-23 19:00"))),
              parse_playbook(default_playbook(lang).read_text(encoding="utf-8")))
    clock = FixedClock(at("2026-11-23 19:20"))
    app = create_app(Settings(data_dir=tmp_path, agent="Li", lang=lang, timezone=TZ), clock, Store(tmp_path, clock))
    words, service = NOTES[lang], app.handovers()
    hid = service.draft(*service.shifts.locate("2026-11-23", "day"))["id"]
    service.save_notes(hid, {"status": "watch", "summary": words["summary"],
                             "actions": [{"text": words["action"], "owner": "Zhao", "due": "2026-11-23T20:30:00+08:00"}],
                             "contingencies": [{"if": words["if"], "then": words["then"]}]})
    return app


async def open_compose(pilot) -> None:
    await settle(pilot)
    await pilot.press("h")
    # the draft is read, then the preview drawn
    await until(pilot, lambda: isinstance(pilot.app.screen, HandoverCompose)
                and "Li" in str(pilot.app.screen.query_one("#preview").render())
                and str(pilot.app.screen.query_one("#preview-notes").render()).strip(), what="the drawn preview")
    pilot.app.screen.query_one("#actions").focus()  # a blinking caret in the summary would differ run to run
    await settle(pilot)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_compose_screen(snap_compare, tmp_path, lang):
    """Li's handover of the day shift at 19:20: the title line with "draft, saved 19:20:00";
    on the left the status (watch chosen), the summary, one action (→ Zhao · 20:30, the list
    focused) and one if/then; on the right the preview as it will be signed: the summary with the buyer's phone
    masked (138****5678), the four unfinished items and the cases per store. ^s / ^n / ^t in
    the footer. Chinese lines up like English."""
    assert snap_compare(composing(tmp_path, lang), terminal_size=SIZE, run_before=open_compose)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_demo_opens_on_last_nights_handover(snap_compare, tmp_path, lang):
    """`--demo`: the receive screen first, its amber title "Handover 1/1 to receive: Night shift
    2026-11-22, from Zhao Min, signed 11-22 21:55"; the handover (watch, the summary, two actions
    for Li Na and Wang Lei, one if/then, the unfinished "Deal with goods that could not ship",
    not acknowledged yet); the read-back field focused, ^s Acknowledge and Esc Later below."""
    clock = FixedClock(at("2026-11-23 15:10"))
    settings = Settings(data_dir=tmp_path, agent="Li", lang=lang, timezone=TZ, demo=True)
    store = Store(tmp_path, clock)
    i18n.set_language(lang)
    fill_demo(settings, clock, store)

    async def loaded(pilot) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, HandoverReceive)
                    and pilot.app.screen.focused is pilot.app.screen.query_one("#read-back"), what="the receive screen")
        await settle(pilot)

    assert snap_compare(create_app(settings, clock, store), terminal_size=SIZE, run_before=loaded)
