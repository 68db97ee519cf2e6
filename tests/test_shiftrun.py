"""Block and item states at their exact edges, recurring slots, shifts across midnight."""

from __future__ import annotations

import pendulum
import pytest

from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.domain.shift.run import (BlockState, ItemStatus, build_view, locate_run,
                                        resolve_key)
from shiftboard.errors import ShiftboardError
from tests.conftest import TZ, at

NIGHT = """\
[[shifts]]
id = "late"
title = "Late"

[[shifts.blocks]]
id = "eve"
title = "Evening"
start = "22:00"
end = "00:30"

[[shifts.blocks.items]]
id = "a"
text = "A"

[[shifts.blocks]]
id = "small"
title = "Small hours"
start = "00:30"
end = "06:00"

[[shifts.blocks.items]]
id = "round"
text = "Round"
every = 120
"""


def view_at(playbook, when: str, run=None, shift="day", date="2026-11-23"):
    return build_view(playbook.shift(shift), pendulum.parse(date).date(), run, at(when))


def states(view):
    return [b.state for b in view.blocks]


def test_block_states_at_exact_edges(playbook):
    assert states(view_at(playbook, "2026-11-23 08:29:59"))[0] is BlockState.UPCOMING
    assert states(view_at(playbook, "2026-11-23 08:30"))[0] is BlockState.CURRENT
    edge = view_at(playbook, "2026-11-23 09:30")
    assert states(edge)[:2] == [BlockState.OVERDUE, BlockState.CURRENT]
    assert edge.remaining.in_minutes() == 150


def test_finished_block_is_done_not_overdue(playbook):
    marks = {f"overnight.{i.id}": {"state": "done", "by": "Li", "at": "2026-11-23T09:00:00+08:00"}
             for i in playbook.shift("day").blocks[0].items}
    marks["overnight.inquiries"] = {"state": "skipped", "by": "Li", "at": "2026-11-23T09:00:00+08:00",
                                    "reason": "none overnight"}
    view = view_at(playbook, "2026-11-23 10:00", {"items": marks})
    assert view.blocks[0].state is BlockState.DONE
    assert (view.blocks[0].done, view.blocks[0].total) == (6, 6)


def test_recurring_item_has_one_occurrence_per_slot(playbook):
    view = view_at(playbook, "2026-11-23 15:00")
    slots = [i for i in view.blocks[3].items if i.item.id == "to-warehouse"]
    assert [i.key for i in slots] == [f"reception.to-warehouse@{h}:00" for h in (14, 15, 16)]
    assert [i.status for i in slots] == [ItemStatus.OVERDUE, ItemStatus.DUE, ItemStatus.UPCOMING]
    assert slots[1].until == at("2026-11-23 16:00")


def test_recurring_item_named_without_slot_means_the_one_due_now(playbook):
    view = view_at(playbook, "2026-11-23 15:10")
    assert resolve_key(view, "reception.to-warehouse").key == "reception.to-warehouse@15:00"
    early = view_at(playbook, "2026-11-23 13:00")
    with pytest.raises(ShiftboardError) as caught:
        resolve_key(early, "reception.to-warehouse")
    assert caught.value.key == "error.occurrence_not_due"
    assert caught.value.params["key"] == "reception.to-warehouse@14:00"


def test_unknown_item(playbook):
    with pytest.raises(ShiftboardError) as caught:
        resolve_key(view_at(playbook, "2026-11-23 09:00"), "overnight.nothing")
    assert caught.value.key == "error.unknown_item"


def test_night_shift_belongs_to_the_date_it_started():
    book = parse_playbook(NIGHT)
    view = build_view(book.shift("late"), pendulum.date(2026, 11, 23), None, at("2026-11-24 01:00"))
    assert view.start == at("2026-11-23 22:00") and view.end == at("2026-11-24 06:00")
    assert states(view) == [BlockState.OVERDUE, BlockState.CURRENT]
    rounds = [i.key for i in view.blocks[1].items]
    assert rounds == ["small.round@00:30", "small.round@02:30", "small.round@04:30"]
    assert view.blocks[1].items[-1].until == at("2026-11-24 06:00")
    assert locate_run(book, at("2026-11-24 03:00"))[0] == pendulum.date(2026, 11, 23)


def test_locate_run_picks_the_shift_under_way_else_the_nearest(playbook):
    def located(when):
        date, shift = locate_run(playbook, at(when))
        return date.to_date_string(), shift.id

    assert located("2026-11-23 08:30") == ("2026-11-23", "day")
    assert located("2026-11-23 19:30") == ("2026-11-23", "night")
    assert located("2026-11-23 23:00") == ("2026-11-23", "night")  # just ended: still tonight's
    assert located("2026-11-24 07:00") == ("2026-11-24", "day")  # about to start


def test_times_are_in_the_team_zone(playbook):
    view = view_at(playbook, "2026-11-23 08:45")
    assert view.blocks[0].start.timezone_name == TZ


def test_alerts_when_time_moves(playbook):
    from shiftboard.domain.shift.alerts import AlertKind, alerts

    def kinds(before, after):
        return [(a.kind, a.block) for a in alerts(view_at(playbook, before), view_at(playbook, after))]

    assert kinds("2026-11-23 08:29:59", "2026-11-23 08:30") == [(AlertKind.BLOCK_STARTED, "Overnight after-sales")]
    assert kinds("2026-11-23 09:19:59", "2026-11-23 09:20") == [(AlertKind.BLOCK_ENDING, "Overnight after-sales")]
    assert kinds("2026-11-23 09:20", "2026-11-23 09:21") == []
    assert kinds("2026-11-23 14:59:59", "2026-11-23 15:00") == [(AlertKind.OCCURRENCE_DUE, "Reception & labels")]


def test_items_carried_into_a_run_stand_in_their_own_section_and_can_be_ticked(playbook):
    run = {"carried": [{"key": "orders.carried-1", "block": "orders", "text": "Call back Ms Zhang",
                        "from": "Night shift, Wang"}],
           "items": {"orders.carried-1": {"state": "done", "by": "Li", "at": "2026-11-23T10:05:00+08:00"}}}
    view = view_at(playbook, "2026-11-23 10:10", run)
    carried = view.item("orders.carried-1")
    assert carried.carried_from == "Night shift, Wang" and carried.item.text == "Call back Ms Zhang"
    assert carried.status is ItemStatus.DONE
    assert view.blocks[1].total == 3 and view.carried == (carried,)
