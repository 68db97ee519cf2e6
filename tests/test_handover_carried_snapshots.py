"""SVG snapshots of the carried section of the dashboard, in English and Chinese.

Update after an intended change with `pytest tests/test_handover_carried_snapshots.py
--snapshot-update` and look at the report before committing.
"""

from __future__ import annotations

import pytest

from shiftboard import i18n
from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.store import Store
from shiftboard.store.shipped import default_playbook
from shiftboard.tui.app import create_app
from tests.conftest import TZ, at
from tests.test_handover_carried import signed_day
from tests.test_handover_tui import settle


def night_app(tmp_path, lang: str):
    playbook = parse_playbook(default_playbook(lang).read_text(encoding="utf-8"))
    i18n.set_language(lang)
    signed_day(Store(tmp_path, FixedClock(at("2026-11-23 19:20"))), playbook, FixedClock(at("2026-11-23 19:20")))
    clock = FixedClock(at("2026-11-23 20:25"))
    settings = Settings(data_dir=tmp_path, agent="Zhang", lang=lang, timezone=TZ)
    return create_app(settings, clock, Store(tmp_path, clock))


async def loaded(pilot) -> None:
    await settle(pilot)
    await pilot.press("escape")  # leave Li's handover waiting: the dashboard behind it
    await settle(pilot)
    for _ in range(7):
        await pilot.press("down")
    await settle(pilot)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_carried_section(snap_compare, tmp_path, lang):
    """The night shift at 20:25: under the block's checklist, "From last shift — Li, Day shift";
    first its Actions, Ms Wang's callback (Zhang · by 20:30), then the callback promised to
    王先生 on the desk under "Promised callbacks" (Li · by 20:30), then the unfinished items
    grouped by the block they stood in (New orders; Check & ship), the warehouse item with ✎1.
    The due-soon panel starts with both callbacks at risk (! yellow, 5 min), the promise with ☎
    and not listed a second time as the case's own clock. The detail line of the
    highlighted carried item says where it came from and the note on it."""
    assert snap_compare(night_app(tmp_path, lang), terminal_size=(100, 30), run_before=loaded)
