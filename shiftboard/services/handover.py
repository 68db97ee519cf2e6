"""Use cases of the handover: draft (autosaved), sign, addenda, read-back, acknowledge,
carry-over into the run taking over, history and export.

Every change is one locked read–modify–write of the handover's record, so two incoming
agents acknowledging at once are both kept, and two outgoing agents never share a record
(one per outgoing agent per run).
"""

from __future__ import annotations

from collections.abc import Callable

import pendulum
from pendulum import Date, DateTime

from shiftboard.clock import Clock
from shiftboard.domain.handover import carry
from shiftboard.domain.handover import model as ho
from shiftboard.domain.shift.playbook import Shift
from shiftboard.domain.shift.run import ShiftView, block_bounds, locate_run, run_id, shift_bounds
from shiftboard.errors import ShiftboardError
from shiftboard.services.shift import ShiftService
from shiftboard.store import Store

#: (now, until) → the case items of a handover (see `desk_cases`).
CaseProvider = Callable[[DateTime, DateTime], list[dict]]


def desk_cases(store: Store, clock: Clock) -> CaseProvider:
    """The case desk's open cases, with their clocks from the team's policy, as handover items."""

    def provide(now: DateTime, until: DateTime) -> list[dict]:
        from shiftboard.services.cases import CaseService

        every_open = CaseService(store, clock, "").queue(size=ALL_OPEN)
        return ho.case_lines(every_open.rows, until)

    return provide


#: A page big enough for every open case: the handover lists them all, not a screenful.
ALL_OPEN = 1_000_000


class HandoverService:
    """The handovers of a team, seen by one agent."""

    def __init__(self, store: Store, shifts: ShiftService, clock: Clock, agent: str,
                 cases: CaseProvider | None = None) -> None:
        self.store, self.shifts, self.clock, self.agent = store, shifts, clock, agent
        self.cases = cases or desk_cases(store, clock)

    # -- reading ---------------------------------------------------------------------

    def _table(self, handover_id: str):
        return self.store.handovers.table_for(handover_id, handover_id[:7])

    def get(self, handover_id: str) -> dict:
        found = self._table(handover_id).get(handover_id)
        if found is None:
            raise ShiftboardError("handover.unknown", id=handover_id)
        return found

    def live(self) -> list[dict]:
        return self.store.handovers.live.read()

    def all(self) -> list[dict]:
        """Live and archived handovers, newest run first (history files opened only here)."""
        collection = self.store.handovers
        records = self.live() + [r for p in collection.periods() for r in collection.history(p).read()]
        unique = {r["id"]: r for r in records}
        return sorted(unique.values(), key=lambda r: (r["date"], self._start(r), r["from"]), reverse=True)

    def _start(self, record: dict) -> str:
        """When the run handed over started (its shift may have left the playbook since)."""
        shift = self.shifts.playbook.shift(record["shift"])
        if shift is None:
            return ""
        return shift_bounds(shift, pendulum.parse(record["date"]).date(), self.clock.tz)[0].isoformat()

    def for_run(self, day: Date, shift: Shift) -> list[dict]:
        """Every outgoing agent's handover of one run (live, or filed under its month)."""
        rid, collection, period = run_id(day, shift.id), self.store.handovers, day.strftime("%Y-%m")
        records = collection.live.read()
        if period in collection.periods():
            records += collection.history(period).read()
        unique = {r["id"]: r for r in records if r["run"] == rid}
        return sorted(unique.values(), key=lambda r: r["from"])

    def waiting(self) -> list[dict]:
        """Signed handovers nobody has acknowledged that are for this agent to receive."""
        now = self.clock.now()
        found = [r for r in self.live() if ho.is_waiting(r, now, self.agent)]
        return sorted(found, key=lambda r: (r["to"]["start"], r["signed"]["at"]))

    def upcoming(self) -> list[dict]:
        """Signed handovers for a shift that has not come near yet (an agent in early)."""
        now = self.clock.now()
        found = [r for r in self.live() if ho.is_for(r, self.agent) and now < ho.opens_at(r)]
        return sorted(found, key=lambda r: (r["to"]["start"], r["signed"]["at"]))

    def compose_due(self) -> bool:
        """The last block of the shift under way is current and this agent has not signed
        a handover of it yet: the dashboard offers to write one."""
        now = self.clock.now()
        day, shift = locate_run(self.shifts.playbook, now)
        start, end = block_bounds(shift, shift.blocks[-1], day, now.timezone_name)
        if not start <= now < end:
            return False
        hid = ho.handover_id(run_id(day, shift.id), self.agent)
        record = self._table(hid).get(hid)
        return not (record and record.get("signed"))

    def search(self, text: str = "", date: str | None = None, shift: str | None = None) -> list[dict]:
        """History: by date and shift, and handovers whose words contain `text`."""
        needle = text.strip().lower()
        return [r for r in self.all()
                if (date is None or r["date"] == date) and (shift is None or r["shift"] == shift)
                and (not needle or needle in _words(r))]

    # -- the outgoing agent ------------------------------------------------------------

    def _drafted(self, day: Date, shift: Shift) -> tuple[ShiftView, Callable[[dict], dict], tuple[Date, Shift]]:
        """The run as it stands, the change that drafts its data part afresh (open items,
        case items up to the end of the run taking over), and that run."""
        now = self.clock.now()
        view = self.shifts.view(day, shift)
        taking_over = ho.next_run(self.shifts.playbook, day, shift, now.timezone_name)
        until = shift_bounds(taking_over[1], taking_over[0], now.timezone_name)[1]
        items, cases, missed = ho.open_items(view), self.cases(now, until), ho.missed_occurrences(view)
        return view, lambda record: ho.refresh_content(record, items, cases, now, missed), taking_over

    def stored(self, day: Date, shift: Shift) -> dict | None:
        """This agent's handover of the run as last written, without drafting it afresh (a
        read, no write: what the compose screen shows while `draft` runs)."""
        hid = ho.handover_id(run_id(day, shift.id), self.agent)
        return self._table(hid).get(hid)

    def draft(self, day: Date, shift: Shift) -> dict:
        """This agent's handover of the run: drafted afresh from the data while unsigned."""
        now = self.clock.now()
        view, refresh, taking_over = self._drafted(day, shift)

        def change(record: dict | None) -> dict:
            record = record or ho.new_draft(view, taking_over, self.agent, now)
            return record if record.get("signed") else refresh(record)

        hid = ho.handover_id(view.run_id, self.agent)
        return self._table(hid).update(hid, change)

    def save_notes(self, handover_id: str, notes: dict) -> dict:
        """Autosave: what the agent typed, stored at once."""
        now = self.clock.now()
        return self._change(handover_id, lambda r: ho.edit_notes(r, notes, now))

    def sign(self, handover_id: str) -> dict:
        """Draft the data part one last time, carry it into the run taking over, then sign.

        The carry-over is written first: it is keyed by item, so a crash between the two
        writes, or signing again after one, never doubles an item.
        """
        from shiftboard.services.approvals import acting

        acting(self.store).require("handover.sign")
        record = self.get(handover_id)
        now = self.clock.now()
        run = self.shifts.locate(record["date"], record["shift"])
        _, refresh, _ = self._drafted(*run)

        def change(stored: dict) -> dict:
            return ho.sign(refresh(stored), self.agent, now)

        signed = change(record)  # refused here (locked, not yours) before anything is carried
        # a promised callback ticked in this run is not carried again from its case's line
        self._carry(signed, self.shifts.locate(signed["to"]["date"], signed["to"]["shift"]),
                    skip=carry.resolved_ids(self.shifts.run(*run)))
        return self._change(handover_id, change)

    def write_note(self, day: Date, shift: Shift, text: str) -> dict:
        """`handover note`: a line added to this agent's summary of the run."""
        line = ho.required_text(text)
        record = self.draft(day, shift)
        summary = "\n".join(p for p in (record["notes"]["summary"].rstrip(), line) if p)
        return self.save_notes(record["id"], {**record["notes"], "summary": summary})

    def add_action(self, day: Date, shift: Shift, text: str, owner: str, due: str | None) -> dict:
        """`handover action add`: an action with its owner and deadline (a clock next shift)."""
        action = {"text": ho.required_text(text), "owner": owner.strip(),
                  "due": ho.parse_deadline(due, self.clock.now()).isoformat() if due else None}
        record = self.draft(day, shift)
        return self.save_notes(record["id"], {**record["notes"], "actions": [*record["notes"]["actions"], action]})

    def sign_run(self, day: Date, shift: Shift) -> dict:
        """`handover sign`: draft this agent's handover of the run afresh and sign it."""
        return self.sign(self.draft(day, shift)["id"])

    def addendum(self, handover_id: str, text: str) -> dict:
        return self._change(handover_id, lambda r: ho.add_addendum(r, self.agent, self.clock.now(), text))

    # -- the incoming agent ------------------------------------------------------------

    def read_back(self, handover_id: str, text: str) -> dict:
        return self._change(handover_id, lambda r: ho.add_read_back(r, self.agent, self.clock.now(), text))

    def acknowledge(self, handover_id: str, read_back: str) -> dict:
        """Read-back and acknowledgement in one locked write that appends both. A read-back
        is required (what the incoming agent took in, in their own words): this one, or one
        the agent posted before (`ho.receive`).

        A handover that waited past its run (nobody came in that shift) brings its open
        items along into the run of the agent who finally receives it.
        """
        now = self.clock.now()
        record = self._change(handover_id, lambda r: ho.receive(r, self.agent, now, read_back))
        day, shift = locate_run(self.shifts.playbook, now)
        if run_id(day, shift.id) != record["to"]["run"] and self._later(day, shift, record):
            target = self.shifts.locate(record["to"]["date"], record["to"]["shift"])
            self._carry(record, (day, shift), skip=carry.resolved_ids(self.shifts.run(*target)))
        return record

    def _later(self, day: Date, shift: Shift, record: dict) -> bool:
        start = shift_bounds(shift, day, self.clock.tz)[0]
        return start > ho.parse_time(record["to"]["start"])

    def edited_later(self, day: Date, shift: Shift, key: str) -> None:
        """A change to a run of an earlier date: noted in the run and in its handovers (their
        timeline takes it even when signed), so history says it was changed afterwards."""
        now = self.clock.now()
        entry = {"by": self.agent, "at": now.isoformat(), "key": key}
        rid = run_id(day, shift.id)
        self.store.runs.table_for(rid, day.strftime("%Y-%m")).update(
            rid, lambda run: {**(run or {}), "edited_later": [*(run or {}).get("edited_later", []), entry]})
        for record in self.for_run(day, shift):
            self._change(record["id"], lambda r: ho.note_edited(r, self.agent, now, key))

    def unmasked(self, records: list[dict], fmt: str) -> list[dict]:
        """Record in each handover's timeline that it was shown unmasked."""
        now = self.clock.now()
        return [self._change(r["id"], lambda rec: ho.note_unmasked(rec, self.agent, now, fmt)) for r in records]

    # -- writing -----------------------------------------------------------------------

    def _change(self, handover_id: str, change: Callable[[dict], dict]) -> dict:
        def guarded(stored: dict | None) -> dict:
            if stored is None:
                raise ShiftboardError("handover.unknown", id=handover_id)
            return change(stored)

        return self._table(handover_id).update(handover_id, guarded)

    def _carry(self, record: dict, target: tuple[Date, Shift], skip: set[str] = frozenset()) -> None:
        """Write the handover's open items and actions into the carried section of a run (an
        item already there, by its carried id, is not added twice), and tell each item's own
        run where it went, so a tick in either closes both."""
        day, shift = target
        entries = [e for e in carry.carry_entries(record) if carry.item_id(e["key"]) not in skip]
        rid = run_id(day, shift.id)

        def change(run: dict | None) -> dict:
            run = run or {"date": day.to_date_string(), "shift": shift.id, "items": {}, "notes": {}}
            known = {carry.item_id(c["key"]) for c in run.get("carried", ())}
            run.setdefault("carried", []).extend(e for e in entries if carry.item_id(e["key"]) not in known)
            return run

        if not entries:
            return
        self.store.runs.table_for(rid, day.strftime("%Y-%m")).update(rid, change)
        links = {e["source"][1]: [rid, e["key"]] for e in entries if e.get("source")}
        if links:
            self.shifts.link(record["run"], links)


def _words(record: dict) -> str:
    """Everything a search looks in: who, when, what was written and drafted."""
    notes, content = record["notes"], record["content"]
    parts = [record["date"], record["shift"], record["shift_title"], record["from"], notes["summary"],
             *(f"{a['text']} {a.get('owner', '')}" for a in notes["actions"]),
             *(f"{c['if']} {c['then']}" for c in notes["contingencies"]),
             *(i["text"] for i in content["items"]),
             *(" ".join(str(c.get(k) or "") for k in ("store", "order_no", "buyer", "about")) for c in content["cases"]),
             *(e["text"] for name in ("addenda", "read_backs") for e in record.get(name, ())),
             *(a["by"] for a in record.get("acks", ()))]
    return "\n".join(parts).lower()
