"""`shiftboard --demo`: a living board for a newcomer, on a throw-away data dir.

The demo's clock starts at 15:10 today and runs: the overnight and review blocks are done,
the new-orders block is overdue with one item open, the hourly warehouse hand-off is due.
"""

from __future__ import annotations

from shiftboard.clock import Clock, FixedClock, starting_at
from shiftboard.config import Settings
from shiftboard.demo.cases import fill_demo_cases
from shiftboard.demo.handover import fill_demo_handover
from shiftboard.domain.shift.run import locate_run
from shiftboard.i18n import t
from shiftboard.services.shift import ShiftService, load_playbook, playbook_path
from shiftboard.store import Store

DEMO_TIME = (15, 10)

#: (item, minutes after the block started, agent index, state) for the demo day
DEMO_MARKS = (
    ("overnight.returns", 12, 0, "done"), ("overnight.missed-orders", 20, 0, "done"),
    ("overnight.missed-items", 25, 1, "done"), ("overnight.out-of-stock", 31, 1, "done"),
    ("overnight.inquiries", 40, 0, "done"), ("overnight.stock-fix", 52, 0, "done"),
    ("orders.process", 70, 1, "done"), ("orders.reception", 100, 0, "done"),
    ("reviews.find", 15, 0, "done"), ("reviews.call", 80, 1, "done"),
    ("reviews.share", 95, 1, "done"), ("reviews.weekly", 110, 0, "skipped"),
    ("reception.to-warehouse@14:00", 58, 1, "done"), ("reception.receive", 5, 0, "done"),
)


def demo_clock(tz: str) -> Clock:
    return starting_at(tz, *DEMO_TIME)


def fill_demo(settings: Settings, clock: Clock, store: Store) -> None:
    """Write the demo day through the same service the screens use."""
    playbook = load_playbook(playbook_path(settings, store), store)
    agents = [t("demo.agent_a"), t("demo.agent_b")]
    settings.agent = agents[0]
    day, shift = locate_run(playbook, clock.now())
    shift = playbook.shift("day") or shift
    view = ShiftService(store, playbook, clock, agents[0]).view(day, shift)
    for key, minutes, who, state in DEMO_MARKS:
        item = view.item(key)
        if item is None:  # a team playbook without this item: leave it out
            continue
        at = view.blocks[[b.block.id for b in view.blocks].index(key.split(".")[0])].start.add(minutes=minutes)
        service = ShiftService(store, playbook, FixedClock(at), agents[who])
        if state == "skipped":
            service.skip(day, shift, key, t("demo.skip_reason"))
        else:
            service.tick(day, shift, key)
    writer = ShiftService(store, playbook, FixedClock(view.start.add(minutes=35)), agents[1])
    if view.item("overnight.returns"):
        writer.note(day, shift, "overnight.returns", t("demo.note_returns"))
    if view.item("reviews.call"):
        writer.note(day, shift, "reviews.call", t("demo.note_call"))
    fill_demo_cases(store, clock.now(), agents, settings.lang)
    fill_demo_handover(store, playbook, clock.now(), day, agents)
