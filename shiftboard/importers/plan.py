"""What one imported row does to its case: create it, update some fields and move it along the
refund flow, change nothing — or nothing at all because the row is refused.

The rules that make an import safe to repeat:
- a case remembers what the last import brought (`imported`: the fields and the platform
  state). A field the platform changed since then is updated, unless an agent changed it in
  shiftboard: then it is a conflict, listed for the agent, and left as the agent set it;
- a newer platform state moves the case along the legal path of its flow, one real move at a
  time (the same moves, guards and timeline entries as an agent's, marked as from the import);
  a state the flow cannot reach from where the case stands is reported, never forced;
- a row older than the last import (by the platform's modified time) changes nothing.
So the same file imported twice changes nothing the second time.
"""

from __future__ import annotations

from collections import deque
from enum import StrEnum
from typing import NamedTuple

from pendulum import DateTime

from shiftboard.domain.cases.flows import INITIAL, apply_move, legal_moves
from shiftboard.domain.cases.model import append, new_case
from shiftboard.errors import ShiftboardError
from shiftboard.importers.mapping import KIND
from shiftboard.importers.rows import Incoming, RowProblem

#: The timeline detail that marks an entry as made by an import.
VIA = "import"
MAX_PATH = 6


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


class Outcome(NamedTuple):
    row: int
    action: Action
    case_id: str | None
    fields: tuple[str, ...] = ()  # fields set or changed
    moves: tuple[str, ...] = ()  # moves made along the flow
    problems: tuple[RowProblem, ...] = ()  # why a row is refused
    notes: tuple[RowProblem, ...] = ()  # conflicts and refused jumps: for the agent to decide


class Planned(NamedTuple):
    outcome: Outcome
    case: dict | None  # the case to write (None: nothing to write)


def refused(incoming: Incoming, problems: tuple[RowProblem, ...] | None = None) -> Planned:
    return Planned(Outcome(incoming.row, Action.REFUSED, None, problems=problems or incoming.problems), None)


def plan_new(incoming: Incoming, case_id: str, agent: str, now: DateTime, status_column: str) -> Planned:
    """A case for a row that matches none: created as typed, then moved to the platform's state."""
    case = new_case(case_id, KIND, incoming.values, INITIAL[KIND], agent, now)
    moves, notes = _walk(case, incoming.state, agent, now, status_column)
    mark_imported(case["timeline"])
    case["imported"] = _memory(incoming, {})
    fields = tuple(sorted(incoming.values))
    return Planned(Outcome(incoming.row, Action.CREATE, case_id, fields, moves, notes=notes), case)


def plan_existing(incoming: Incoming, stored: dict, agent: str, now: DateTime,
                  columns: dict[str, str]) -> Planned:
    """The changes a row brings to the case it matched (`columns`: field → its header)."""
    memory = stored.get("imported") or {}
    if _older(incoming, memory):
        return Planned(Outcome(incoming.row, Action.UNCHANGED, stored["id"]), None)
    # what a plan changes: top-level fields, a longer timeline, events (a full deepcopy of
    # every matched case took 2 of the 4 s of re-importing 10,000 rows)
    case = {**stored, "timeline": list(stored.get("timeline", ())), "events": dict(stored.get("events", {}))}
    changed, conflicts, kept = _fields(incoming, case, memory.get("fields", {}), columns)
    if changed:
        for name in changed:
            case[name] = incoming.values[name]
        append(case, agent, now, "edited", fields=list(changed))
    moves, notes = (), ()
    if incoming.state not in (case["status"], memory.get("state")):
        moves, notes = _walk(case, incoming.state, agent, now, columns.get("status", "status"))
    mark_imported(case["timeline"][len(stored.get("timeline", ())):])
    case["imported"] = _memory(incoming, kept)
    action = Action.UPDATE if changed or moves else Action.UNCHANGED
    if action is Action.UPDATE:
        case["version"] = stored.get("version", 0) + 1
    write = case if case != stored else None  # a first match of a typed case only remembers
    return Planned(Outcome(incoming.row, action, stored["id"], changed, moves, notes=conflicts + notes), write)


def _older(incoming: Incoming, memory: dict) -> bool:
    last = memory.get("modified_at")
    return bool(last and incoming.modified_at and incoming.modified_at < last)


def _fields(incoming: Incoming, case: dict, before: dict, columns: dict[str, str]):
    """(fields to update, conflicts, {field: what to remember of the platform's value}).

    An agent's value stands when it differs from what the platform last sent (or the field
    was typed before any import): a new platform value for it is a conflict, not an update.
    """
    changed, conflicts, kept = [], [], {}
    for name, value in incoming.values.items():
        ours = case.get(name)
        kept[name] = value
        if ours == value:
            continue
        if ours in (None, "") or (name in before and before[name] == ours):
            changed.append(name)
        elif before.get(name) != value:
            kept[name] = before.get(name)
            conflicts.append(RowProblem(columns.get(name, name), "import.conflict",
                                        {"field": name, "ours": ours, "theirs": value}))
    return tuple(sorted(changed)), tuple(conflicts), {k: v for k, v in kept.items() if v is not None}


def _memory(incoming: Incoming, kept: dict) -> dict:
    return {"fields": kept or dict(incoming.values), "state": incoming.state,
            "modified_at": incoming.modified_at, "applied_at": incoming.applied_at}


def mark_imported(entries: list[dict]) -> None:
    """Mark timeline entries as made by an import."""
    for entry in entries:
        entry["via"] = VIA


def _walk(case: dict, target: str | None, agent: str, now: DateTime, column: str):
    """Move `case` (in place) to `target` by the shortest legal path: (moves, notes)."""
    if target is None or case["status"] == target:
        return (), ()
    path = path_to(case, target, agent, now)
    if isinstance(path, ShiftboardError):
        note = RowProblem(column, "import.jump_refused", {"state": case["status"], "target": target,
                                                          "key": path.key, **path.params})
        return (), (note,)
    for move in path:
        apply_move(case, move, agent, now, _tracking(case, move))
    return tuple(path), ()


def _tracking(case: dict, move: str) -> str | None:
    return case.get("return_tracking_no") if move == "buyer_ships" else None


def path_to(case: dict, target: str, agent: str, now: DateTime) -> list[str] | ShiftboardError:
    """The fewest legal moves that take `case` to `target` (each tried for real on a copy, so
    its guards hold: a tracking no. to record a return, postage paid for a replacement), or
    the refusal that blocked the way."""
    queue: deque[tuple[dict, list[str]]] = deque([(case, [])])
    seen = {case["status"]}
    blocked: ShiftboardError | None = None
    while queue:
        current, path = queue.popleft()
        if len(path) >= MAX_PATH:
            continue
        for move in legal_moves(current):
            if move == "close" and target != "closed":
                continue
            trial = {**current, "timeline": [], "events": dict(current.get("events", {}))}
            try:
                apply_move(trial, move, agent, now, _tracking(trial, move))
            except ShiftboardError as error:
                blocked = blocked or error
                continue
            if trial["status"] == target:
                return path + [move]
            if trial["status"] not in seen:
                seen.add(trial["status"])
                queue.append((trial, path + [move]))
    return blocked or ShiftboardError("import.unreachable", state=case["status"], target=target)
