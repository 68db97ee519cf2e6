"""The handover screens driven by keys: compose → sign → quit → the next shift opens
shiftboard later → the handover first, then the banner → acknowledge."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.store import Store
from shiftboard.tui.app import create_app
from shiftboard.tui.dashboard.checklist import Checklist
from shiftboard.tui.handover.screen import HandoverCompose
from shiftboard.tui.handover.banner import HandoverBanner
from tests.conftest import TZ, at
from tests.test_handover_service import known_day
from tests.waiting import settle, until

SIZE = (100, 30)


@pytest.fixture
def make(tmp_path, playbook):
    """The app as the CLI builds it, on a data dir holding the known day, at any time, as anyone."""
    known_day(Store(tmp_path, FixedClock(at("2026-11-23 19:00"))), playbook)

    def build(now: str, agent: str, lang: str = "en"):
        clock = FixedClock(at(now))
        settings = Settings(data_dir=tmp_path, agent=agent, lang=lang, timezone=TZ)
        return create_app(settings, clock, Store(tmp_path, clock))

    return build


async def open_handover(pilot) -> None:
    """The dashboard settled, then `h`, then the screen it opens settled."""
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)


def banner(app) -> str:
    widget = app.screen.query_one(HandoverBanner)
    return str(widget.render()) if widget.display else ""


def stored(app, hid: str = "2026-11-23/day/Li") -> dict:
    return app.store.handovers.live.get(hid)


async def compose_and_sign(pilot) -> None:
    app = pilot.app
    assert "Last block of the shift — h writes the handover" in banner(app)
    await pilot.press("h")
    await settle(pilot)
    assert isinstance(app.screen, HandoverCompose)
    await pilot.press(*"Call Wang")
    await pilot.press("ctrl+n", *"Ring Wang", "enter", *"Zhao", "enter", *"20:30", "enter")
    await pilot.press("ctrl+t", *"SF calls", "enter", *"pull 456", "enter")
    await settle(pilot)
    notes = stored(app)["notes"]
    assert notes["summary"] == "Call Wang"  # saved as typed, before any signature
    assert notes["actions"] == [{"text": "Ring Wang", "owner": "Zhao", "due": "2026-11-23T20:30:00+08:00"}]
    assert notes["contingencies"] == [{"if": "SF calls", "then": "pull 456"}]
    await pilot.press("ctrl+s")
    assert "Sign the handover of Day shift 2026-11-23?" in str(app.screen.query_one(".title").render())
    await pilot.press("y")
    await settle(pilot)
    assert stored(app)["signed"] == {"by": "Li", "at": "2026-11-23T19:20:00+08:00"}
    assert "locked" in str(app.screen.query_one("#head").render())


async def test_compose_sign_quit_and_the_next_shift_acknowledges(make):
    app = make("2026-11-23 19:20", "Li")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await compose_and_sign(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert banner(app) == ""  # signed: no more offer
        await pilot.press("h")  # reopened: the signed text, corrections only as addenda
        await settle(pilot)
        await pilot.press("a", *"SF late", "enter")
        await settle(pilot)
        assert [a["text"] for a in stored(app)["addenda"]] == ["SF late"]
        assert stored(app)["notes"]["summary"] == "Call Wang"
        await pilot.press("escape")
    later = make("2026-11-23 19:35", "Zhao")
    async with later.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(later.screen).__name__ == "HandoverReceive"  # shown first
        assert "from Li" in str(later.screen.query_one("#head").render())
        await pilot.press("escape")  # later: the dashboard flags it
        await settle(pilot)
        assert "Handover from Li waits to be acknowledged (1)" in banner(later)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press(*"Ring 20:30", "ctrl+s")
        await settle(pilot)
        assert type(later.screen).__name__ == "Dashboard" and banner(later) == ""
        record = stored(later)
        assert [a["by"] for a in record["acks"]] == ["Zhao"]
        assert record["read_backs"][0]["text"] == "Ring 20:30"
        rows = [str(o.prompt) for o in later.screen.query_one(Checklist)._options]
        assert "From last shift — Li, Day shift" in rows
        assert any("Ring Wang" in r and "Zhao · by 20:30" in r for r in rows)


async def test_a_question_is_posted_without_acknowledging(make):
    li = make("2026-11-23 19:20", "Li").handovers()
    li.sign(li.draft(*li.shifts.locate("2026-11-23", "day"))["id"])
    later = make("2026-11-23 19:40", "Zhao", lang="zh-CN")
    async with later.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"电话多少", "enter")
        await settle(pilot)
        record = stored(later)
        assert record["read_backs"][0]["text"] == "电话多少" and record["acks"] == []
        assert type(later.screen).__name__ == "HandoverReceive"


async def test_acknowledging_after_posting_a_read_back_needs_nothing_more_typed(make):
    li = make("2026-11-23 19:20", "Li").handovers()
    li.sign(li.draft(*li.shifts.locate("2026-11-23", "day"))["id"])
    later = make("2026-11-23 19:40", "Zhao")
    async with later.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")  # nothing typed, nothing posted: said under the field
        await until(pilot, lambda: "write a read-back first" in str(later.screen.query_one("#hint").render()))
        assert stored(later)["acks"] == [] and type(later.screen).__name__ == "HandoverReceive"
        await pilot.press(*"Ring 20:30", "enter")
        await until(pilot, lambda: len(stored(later)["read_backs"]) == 1)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(later.screen).__name__ == "Dashboard")
        record = stored(later)
        assert [a["by"] for a in record["acks"]] == ["Zhao"]
        assert [r["text"] for r in record["read_backs"]] == ["Ring 20:30"]


async def test_what_is_typed_is_kept_when_the_app_quits_at_once(make):
    app = make("2026-11-23 19:20", "Li")
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        await pilot.press(*"缺 L 码")
        assert app.screen.query_one("#summary", TextArea).text == "缺 L 码"
    again = make("2026-11-23 19:25", "Li")
    async with again.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        assert again.screen.query_one("#summary", TextArea).text == "缺 L 码"


async def test_edit_and_remove_an_action_and_history_search(make):
    app = make("2026-11-23 19:20", "Li")
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        await pilot.press("ctrl+n", *"Pull", "enter", *"Zhao", "enter", *"soon", "enter")
        assert "not a deadline" in str(app.screen.query_one("#error").render())
        await pilot.press(*["backspace"] * 4, *"09:00", "enter")
        await pilot.press("ctrl+n", *"Two", "enter", *"Li", "enter", "enter")
        assert "not a deadline" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        app.screen.query_one("#actions").focus()
        await pilot.press("enter")  # edit: the dialog opens with the action as saved
        assert [i.value for i in app.screen.query("Input")] == ["Pull", "Zhao", "11-24 09:00"]
        await pilot.press("escape", "delete", "y")
        await settle(pilot)
        assert stored(app)["notes"]["actions"] == []
        await pilot.press("escape")
        await pilot.press("H")
        await settle(pilot)
        assert type(app.screen).__name__ == "HandoverHistory"
        await pilot.press(*"zzz")
        await settle(pilot)
        assert "0 handover(s)" in str(app.screen.query_one("#count").render())


async def test_a_new_data_dir_in_the_demo_still_opens_on_the_waiting_handover(make, tmp_path):
    """--demo runs on a fresh data dir (no config: "first run") but asks no first-run question."""
    li = make("2026-11-23 19:20", "Li").handovers()
    li.sign(li.draft(*li.shifts.locate("2026-11-23", "day"))["id"])
    clock = FixedClock(at("2026-11-23 19:40"))
    settings = Settings(data_dir=tmp_path, agent="Zhao", lang="en", timezone=TZ, first_run=True, demo=True)
    app = create_app(settings, clock, Store(tmp_path, clock))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "HandoverReceive"
