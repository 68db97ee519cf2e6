"""One view of everything about an order or a buyer: every case (live and archived), the
return-register entries among them, every note and contact attempt on them, and every handover
that mentions the order or the buyer."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import NamedTuple

from shiftboard.domain.cases.model import CaseKind, search_key
from shiftboard.errors import ShiftboardError
from shiftboard.store import Store

#: More cases than any one order or buyer has; a view never reads without end.
LIMIT = 500
#: Timeline entries a view lists: what agents wrote and every attempt to reach the buyer.
SAID = ("note", "contact", "escalated")


class About(StrEnum):
    ORDER = "order"
    BUYER = "buyer"


class Mention(NamedTuple):
    handover: dict
    where: str  # the handover's date and shift, e.g. "2026-11-23 day"


class Dossier(NamedTuple):
    about: About
    value: str
    cases: list[dict]  # whole records, newest first; `period` set on archived ones
    register: list[dict]  # the return-register entries among `cases`
    said: list[tuple[dict, dict]]  # (case, timeline entry), oldest first
    handovers: list[Mention]


def dossier(store: Store, about: About, value: str) -> Dossier:
    """Everything about the order no. or buyer `value` (exact, as `cases show` finds it)."""
    wanted = search_key(value)
    field = "order_no" if about is About.ORDER else "buyer"
    cases = []
    for row in store.cases.find(wanted, LIMIT):
        located = store.cases.locate(row["id"])
        if located and search_key(located[0].get(field) or "") == wanted:
            cases.append({**located[0], "period": located[1]})
    if not cases:
        raise ShiftboardError(f"dossier.none.{about.value}", value=value)
    cases.sort(key=lambda case: case["created_at"], reverse=True)
    said = sorted(((case, entry) for case in cases for entry in case.get("timeline", ()) if entry["what"] in SAID),
                  key=lambda pair: pair[1]["at"])
    register = [case for case in cases if case["kind"] == CaseKind.RETURN]
    return Dossier(about, value, cases, register, said, _mentions(store, wanted))


def _mentions(store: Store, wanted: str) -> list[Mention]:
    """Handovers, live and archived, whose words mention `wanted` (newest first)."""
    collection = store.handovers
    records = collection.live.read() + [r for p in collection.periods() for r in collection.history(p).read()]
    unique = {record["id"]: record for record in records}
    found = [record for record in unique.values() if wanted in _words(record)]
    found.sort(key=lambda record: (record["date"], record["id"]), reverse=True)
    return [Mention(record, f"{record['date']} {record.get('shift_title') or record['shift']}") for record in found]


def _words(record: dict) -> str:
    """What a handover says, written and drafted, in search-key form."""
    said = {name: record.get(name) for name in ("notes", "content", "addenda", "read_backs")}
    return search_key(json.dumps(said, ensure_ascii=False))
