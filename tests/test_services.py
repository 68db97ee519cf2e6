"""Ticking, skipping, notes and undo through the service the CLI and screens share."""

from __future__ import annotations

import pytest

from shiftboard.errors import ShiftboardError
from shiftboard.services.shift import ShiftService


def test_tick_records_who_and_when(service, clock):
    day, shift = service.locate()
    change = service.tick(day, shift, "overnight.returns")
    item = service.view(day, shift).item("overnight.returns")
    assert item.status == "done" and item.mark.by == "Li" and item.mark.at == clock.now()
    assert change.before is None


def test_two_agents_on_one_run_keep_both_ticks(service, store, playbook, clock):
    other = ShiftService(store, playbook, clock, "Wang")
    day, shift = service.locate()
    service.tick(day, shift, "overnight.returns")
    other.tick(day, shift, "overnight.inquiries")
    view = service.view(day, shift)
    assert view.item("overnight.returns").mark.by == "Li"
    assert view.item("overnight.inquiries").mark.by == "Wang"


def test_skip_requires_a_reason_where_the_playbook_says_so(service):
    day, shift = service.locate(shift_id="night")
    with pytest.raises(ShiftboardError) as caught:
        service.skip(day, shift, "close.lock-up", "  ")
    assert caught.value.key == "error.reason_required"
    service.skip(day, shift, "close.lock-up", "security locks up tonight")
    assert service.view(day, shift).item("close.lock-up").mark.reason == "security locks up tonight"


def test_untick_and_undo(service):
    day, shift = service.locate()
    service.tick(day, shift, "overnight.returns")
    change = service.untick(day, shift, "overnight.returns")
    assert service.view(day, shift).item("overnight.returns").status == "due"
    service.undo(change)
    assert service.view(day, shift).item("overnight.returns").status == "done"


def test_toggle_flips_and_undo_restores_never_touched(service):
    day, shift = service.locate()
    change = service.toggle(day, shift, "overnight.returns")
    assert service.view(day, shift).item("overnight.returns").status == "done"
    service.undo(change)
    assert service.view(day, shift).item("overnight.returns").mark is None


def test_notes_are_kept_in_order(service, clock):
    day, shift = service.locate()
    service.note(day, shift, "overnight.returns", "3 parcels from Zhang")
    clock.advance(minutes=5)
    service.note(day, shift, "overnight.returns", "done with the first two")
    notes = service.view(day, shift).item("overnight.returns").notes
    assert [n.text for n in notes] == ["3 parcels from Zhang", "done with the first two"]
    with pytest.raises(ShiftboardError):
        service.note(day, shift, "overnight.returns", " ")


def test_explicit_date_and_unknown_shift(service):
    day, shift = service.locate("2026-11-20", "night")
    assert (day.to_date_string(), shift.id) == ("2026-11-20", "night")
    with pytest.raises(ShiftboardError) as caught:
        service.locate(shift_id="weekend")
    assert caught.value.params["known"] == "day, night"
    with pytest.raises(ShiftboardError):
        service.locate("next tuesday")


def test_overdue_transition_when_time_moves(service, clock):
    day, shift = service.locate()
    assert service.view(day, shift).blocks[0].state == "current"
    clock.advance(hours=1)
    view = service.view(day, shift)
    assert view.blocks[0].state == "overdue"
    assert view.item("overnight.returns").status == "overdue"


def test_now_option_pins_or_offsets_the_clock():
    import pendulum

    from shiftboard.clock import FixedClock, OffsetClock, parse_now

    pinned = parse_now("2026-11-23 08:45", "Asia/Shanghai")
    assert isinstance(pinned, FixedClock) and pinned.now() == pendulum.datetime(2026, 11, 23, 8, 45, tz="Asia/Shanghai")
    ahead = parse_now("+2h", "Asia/Shanghai")
    assert isinstance(ahead, OffsetClock) and ahead.offset == pendulum.duration(hours=2)
    assert parse_now("-1d 30m", "UTC").offset == -pendulum.duration(days=1, minutes=30)
    with pytest.raises(ShiftboardError) as caught:
        parse_now("after lunch", "UTC")
    assert caught.value.key == "error.bad_now"
