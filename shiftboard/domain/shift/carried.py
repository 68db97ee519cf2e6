"""Items carried into a run from an earlier shift's handover: their own section of the run,
their context, their clocks, and the one identity they keep across runs.

A run's `carried` list holds one entry per carried item, as written at signing:

    key       "carried.<id>": the id stays the same from handover to handover
    text      what the item says; `kind` is "item" (an unfinished checklist item), "action"
              or "callback" (a callback promised to a buyer; `case` names the case)
    from, from_agent, from_shift, handover   who handed it over, from which run and record
    block_title  the block it stood in (the section groups by it)
    notes, mark  the notes and last mark it had where it came from (its context)
    owner, due   an action's or a callback's owner and deadline: a timed item, overdue after `due`
    source    [run id, key]: where the same item lives in the run it came from

The run it came from keeps `carried_to` {key: [[run id, key], ...]} so a tick in either run
closes it in both (`linked`).
"""

from __future__ import annotations

from typing import NamedTuple

import pendulum
from pendulum import DateTime

#: The block part of a carried item's key: carried items stand in no block of the playbook.
SECTION = "carried"
#: Minutes before an action's deadline at which it is at risk (config: `action_lead`).
LEAD_MINUTES = 10


class Origin(NamedTuple):
    """Where a carried item came from and what it brings along."""

    label: str  # "Day shift 11-23, Li" (older records: the only context they kept)
    agent: str
    shift_title: str
    block_title: str
    kind: str  # "item", "action" or "callback"
    owner: str
    notes: tuple  # ((by, at, text), ...) from the run it came from
    reason: str | None
    by: str | None
    at: DateTime | None
    case: str | None = None  # a promised callback's case


def origin(entry: dict) -> Origin:
    mark = entry.get("mark") or {}
    at = mark.get("at")
    return Origin(entry.get("from", ""), entry.get("from_agent", ""), entry.get("from_shift", ""),
                  entry.get("block_title", ""), entry.get("kind", "item"), entry.get("owner", ""),
                  tuple((n.get("by", ""), n.get("at", ""), n["text"]) for n in entry.get("notes", ())),
                  mark.get("reason"), mark.get("by"), pendulum.parse(at) if at else None, entry.get("case"))


def bounds(entry: dict, start: DateTime, end: DateTime) -> tuple[DateTime, DateTime]:
    """(due, until) of a carried item: an action runs to its deadline; anything else is open
    for the whole run (not overdue together at the end of its first block)."""
    if entry.get("due"):
        return start, pendulum.parse(entry["due"])
    return start, end


def section_key(cid: str) -> str:
    return f"{SECTION}.{cid}"


def promised_case(run: dict, key: str) -> str | None:
    """The case of the callback promised to a buyer that item `key` of the run stands for
    (carried in by a handover), or None for any other item."""
    return next((entry.get("case") for entry in run.get("carried", ())
                 if entry["key"] == key and entry.get("kind") == "callback"), None)


def linked(run: dict, key: str) -> list[tuple[str, str]]:
    """(run id, key) of the same item in other runs: the run it came from, the runs it went to."""
    found = []
    for entry in run.get("carried", ()):
        if entry["key"] == key and entry.get("source"):
            found.append(tuple(entry["source"]))
    found += [tuple(link) for link in run.get("carried_to", {}).get(key, ())]
    return found


def at_risk(due: DateTime, until: DateTime, now: DateTime, lead: int) -> bool:
    """Within `lead` minutes of its deadline and not past it."""
    return until.subtract(minutes=lead) <= now < until and due <= now
