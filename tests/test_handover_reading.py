"""The handover screens as they are read: the compose screen kept between openings (what was
typed stays, a change made elsewhere shows), `^u` unmasking recorded in the timeline and
masked again by `^u`, the lists folded under their counts in the receive view."""

from __future__ import annotations

from textual.widgets import Collapsible, Markdown, Static, TextArea

from shiftboard.tui.handover.receive import HandoverReceive
from shiftboard.tui.handover.screen import HandoverCompose
from tests.test_handover_cli import data, sb  # noqa: F401 - fixture
from tests.test_handover_tui import make, open_handover, stored  # noqa: F401 - fixture
from tests.waiting import settle, until

SIZE = (100, 30)
PHONE, MASKED = "13812345678", "138****5678"


def summary(app) -> str:
    return app.screen.query_one("#summary", TextArea).text


def preview(app) -> str:
    return str(app.screen.query_one("#preview-notes", Static).render())


def unmasked_entries(app, hid: str = "2026-11-23/day/Li") -> list[tuple[str, str]]:
    return [(e["by"], e["format"]) for e in stored(app, hid).get("timeline", ()) if e.get("what") == "unmasked"]


async def test_the_compose_screen_reopens_with_what_was_typed_and_what_changed_elsewhere(make):  # noqa: F811
    app = make("2026-11-23 19:20", "Li")
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        first = app.screen
        await pilot.press(*"Call Wang", "escape")
        await until(pilot, lambda: not isinstance(app.screen, HandoverCompose) and app.pending_writes == 0)
        assert stored(app)["notes"]["summary"] == "Call Wang"
        service = app.handovers()  # a script adds a line meanwhile (`handover note`)
        service.write_note(*service.shifts.locate("2026-11-23", "day"), "SF late")
        await pilot.press("h")
        await until(pilot, lambda: app.screen is first and summary(app) == "Call Wang\nSF late",
                    what="the kept screen, refilled from the stored handover")
        await pilot.press("end", *" today")  # typing goes on where the caret was: the first line
        await until(pilot, lambda: stored(app)["notes"]["summary"] == "Call Wang today\nSF late")


async def test_ctrl_u_unmasks_the_preview_and_records_it(make):  # noqa: F811
    app = make("2026-11-23 19:20", "Li")
    async with app.run_test(size=SIZE) as pilot:
        await open_handover(pilot)
        await pilot.press(*f"ring {PHONE}")
        await until(pilot, lambda: MASKED in preview(app))
        assert PHONE not in preview(app)
        await pilot.press("ctrl+u")
        await until(pilot, lambda: PHONE in preview(app), what="the number in full")
        assert unmasked_entries(app) == [("Li", "screen")]
        await pilot.press("ctrl+u")
        await until(pilot, lambda: MASKED in preview(app), what="masked again")
        assert unmasked_entries(app) == [("Li", "screen")]  # masking again is not recorded


async def test_the_receive_view_folds_its_lists_and_unmasks_on_ctrl_u(make):  # noqa: F811
    li = make("2026-11-23 19:20", "Li").handovers()
    li.sign(li.draft(*li.shifts.locate("2026-11-23", "day"))["id"])
    later = make("2026-11-23 19:40", "Zhao")
    async with later.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(later.screen, HandoverReceive)
        folds = later.screen.query(Collapsible)
        assert [f.title for f in folds] == ["Unfinished checklist items (3)", "Cases · 专卖店 (1)", "Cases · 旗舰店 (3)"]
        assert all(f.collapsed for f in folds)
        top = later.screen.query(Markdown).first().source
        assert top.index("At a glance") < top.index("Unfinished checklist items (3) · Cases")
        assert MASKED in str(folds[2].query_one(".lines", Static).render())
        await pilot.press("ctrl+u")
        await until(pilot, lambda: PHONE in str(later.screen.query(Collapsible)[2].query_one(".lines", Static).render()))
        assert unmasked_entries(later) == [("Zhao", "screen")]


def test_show_prints_the_counts_before_the_lists_and_folds_them_when_asked(data):  # noqa: F811
    """Li's signed handover of the known day (see test_handover_cli)."""
    root = data
    whole = sb(root, "handover", "show").output
    glance = whole.index("At a glance\n  - Unfinished checklist items (3) · Cases · 专卖店 (1) · Cases · 旗舰店 (3)")
    assert glance < whole.index("Unfinished checklist items (3)\n  - New orders:")
    assert whole.index("Summary") < glance
    folded = sb(root, "handover", "export", "--format", "txt", "--folded").output
    assert "Unfinished checklist items (3)\n\nCases · 专卖店 (1)\n\nCases · 旗舰店 (3)" in folded
    assert "New orders:" not in folded and "At a glance" not in folded
    assert "Call 138****5678 before 21:00" in folded and "Acknowledged" in folded


async def test_a_read_back_left_at_once_is_drafted_as_it_was_left(make):  # noqa: F811
    """Esc right after typing (before the draft's second): what the field held when left is
    what comes back; a field emptied and left at once brings nothing back."""
    li = make("2026-11-23 19:20", "Li").handovers()
    li.sign(li.draft(*li.shifts.locate("2026-11-23", "day"))["id"])
    later = make("2026-11-23 19:40", "Zhao")
    async with later.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(later.screen, HandoverReceive))
        drafts = later.store.drafts

        def kept() -> list[list[str]]:
            return [list(r["fields"].values()) for r in drafts.table.read() if any(r["fields"].values())]

        # (a slow machine may write a draft of part of it first: the last write is what counts)
        await pilot.press(*"Wang at 20:30", "escape")
        await until(pilot, lambda: kept() == [["Wang at 20:30"]], what="the draft of the read-back as left")
        await pilot.press("h")
        await until(pilot, lambda: isinstance(later.screen, HandoverReceive))
        await pilot.press(*["backspace"] * 13, "escape")
        await until(pilot, lambda: not kept() and later.pending_writes == 0, what="the emptied draft")
