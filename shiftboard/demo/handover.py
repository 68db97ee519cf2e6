"""Last night's handover in `shiftboard --demo`: signed by the night agent, not yet
acknowledged, so the demo opens on it (and the dashboard flags it until it is).

Played through the same services the screens use, each step at its own moment of last night.
"""

from __future__ import annotations

from pendulum import Date, DateTime

from shiftboard.clock import FixedClock
from shiftboard.domain.handover import model as ho
from shiftboard.domain.shift.playbook import Playbook
from shiftboard.domain.shift.run import shift_bounds
from shiftboard.i18n import t
from shiftboard.services.shift import ShiftService
from shiftboard.services.cases import CaseService
from shiftboard.services.handover import ALL_OPEN, HandoverService
from shiftboard.store import Store

#: The item of the night the night agent could not finish (the rest were ticked).
LEFT_OPEN = "night.unshipped"


def fill_demo_handover(store: Store, playbook: Playbook, now: DateTime, today: Date, agents: list[str]) -> None:
    """The last shift of yesterday, worked and handed over; the carried items ticked today."""
    night, day = playbook.shifts[-1], today.subtract(days=1)
    agent = t("demo.agent_night")
    end = shift_bounds(night, day, now.timezone_name)[1]
    for item in (i for b in ShiftService(store, playbook, FixedClock(end), agent).view(day, night).blocks
                 for i in b.items if i.key != LEFT_OPEN):
        ShiftService(store, playbook, FixedClock(item.due.add(minutes=10)), agent).tick(day, night, item.key)
    signing = FixedClock(end.subtract(minutes=5))
    service = HandoverService(store, ShiftService(store, playbook, signing, agent), signing, agent,
                              cases=lambda at, until: _cases_then(store, signing, until))
    record = service.draft(day, night)
    service.save_notes(record["id"], _notes(signing.now(), agents))
    _tick_carried(store, playbook, service.sign(record["id"]), agents[0], now.timezone_name)


def _cases_then(store: Store, clock: FixedClock, until: DateTime) -> list[dict]:
    """The desk as it stood last night: only the cases already opened then."""
    rows = CaseService(store, clock, "").queue(size=ALL_OPEN).rows
    then = clock.now()
    return ho.case_lines([r for r in rows if ho.parse_time(r.case["created_at"]) <= then], until)


def _notes(now: DateTime, agents: list[str]) -> dict:
    morning = now.add(days=1)
    return {
        "status": ho.Status.WATCH.value,
        "summary": t("demo.handover_summary"),
        "actions": [
            {"text": t("demo.handover_call"), "owner": agents[0],
             "due": morning.set(hour=10, minute=0).isoformat()},
            {"text": t("demo.handover_stock"), "owner": agents[1],
             "due": morning.set(hour=12, minute=0).isoformat()},
        ],
        "contingencies": [{"if": t("demo.handover_if"), "then": t("demo.handover_then")}],
    }


def _tick_carried(store: Store, playbook: Playbook, signed: dict, agent: str, tz: str) -> None:
    """This morning's agent did the carried items (but has not acknowledged the handover)."""
    to = signed["to"]
    morning = ho.parse_time(to["start"]).in_timezone(tz).add(minutes=25)  # the team's zone, not an offset
    shifts = ShiftService(store, playbook, FixedClock(morning), agent)
    day, shift = shifts.locate(to["date"], to["shift"])
    for item in shifts.view(day, shift).carried:
        shifts.tick(day, shift, item.key)
