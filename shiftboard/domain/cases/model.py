"""One Case model for every kind of work on the desk.

A case is a plain record (a dict, as stored):

    id, kind, status, store, order_no, buyer, buyer_phone, buyer_address, handler, source,
    <the fields of its kind, see case_input.FIELDS>,
    created_at, created_by, updated_at, updated_by, version, closed_at,
    timeline    [{at, by, what, …detail}]  append-only: notes and contact attempts are entries too
    checks      {name: {at, by}}           purple flag, evidence gathered, buyer contacted …
    events      {anchor: time}             what clocks run from: opened, handled, returned, final, promised
    clocks_met  {clock id: time}           when each clock's step was done
    escalations [{at, by, to, reason}]

`version` goes up with every change, so a save against a stale version can be refused.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from pendulum import DateTime

from shiftboard.domain.cases.lookup import partial_text, phone_tail
from shiftboard.domain.cases.refund import FINAL as REFUND_FINAL


class CaseKind(StrEnum):
    AFTER_SALES = "after_sales"  # refund / return / exchange / repair 售后
    RETURN = "return"  # an entry of the return register: a parcel back at the warehouse 退货登记
    REVIEW = "review"  # middle or bad review follow-up 中差评
    COMPLAINT = "complaint"  # 投诉
    LOGISTICS = "logistics"  # 快件跟踪
    STOCK_NOTICE = "stock_notice"  # out of stock after payment / cannot ship today


#: The kind of case each playbook queue (`queue = "…"` on an item) stands for.
KIND_OF_QUEUE: dict[str, CaseKind] = {
    "after_sales": CaseKind.AFTER_SALES, "returns": CaseKind.RETURN, "reviews": CaseKind.REVIEW,
    "complaints": CaseKind.COMPLAINT, "logistics": CaseKind.LOGISTICS, "stock": CaseKind.STOCK_NOTICE,
}


def queue_kinds(items) -> list[str]:
    """The case kinds a block's items are about, in order (the overnight block: after-sales)."""
    return list(dict.fromkeys(KIND_OF_QUEUE[item.queue].value for item in items if item.queue))


#: The statuses in which a case is finished, per kind (see flows.py for the moves).
FINAL_STATUSES: dict[CaseKind, frozenset[str]] = {
    CaseKind.AFTER_SALES: frozenset(REFUND_FINAL),
    CaseKind.RETURN: frozenset({"restocked", "loss"}),
    CaseKind.REVIEW: frozenset({"revised", "not_revised", "unreachable"}),
    CaseKind.COMPLAINT: frozenset({"closed"}),
    CaseKind.LOGISTICS: frozenset({"closed"}),
    CaseKind.STOCK_NOTICE: frozenset({"closed"}),
}

#: The fields a search looks in (DOMAIN: order no., after-sales no., tracking no., buyer).
SEARCHABLE = ("order_no", "after_sales_no", "tracking_no", "return_tracking_no", "buyer")
#: What the history index keeps of an archived case: enough for a row of search results.
ROW_FIELDS = ("kind", "status", "store", "order_no", "after_sales_no", "tracking_no", "return_tracking_no",
              "buyer", "handler", "item", "created_at", "closed_at")
#: … and of a return-register entry, enough for the register's lines and totals.
REGISTER_FIELDS = ("quantity", "problem")
#: Times an agent gives that clocks run from (field → event).
TIMED_EVENTS = {"promised_at": "promised", "final_at": "final"}


def search_key(text: object) -> str:
    """The form a search key is stored and looked up in: full-width digits and letters folded
    (NFKC), case folded, spaces collapsed — "ＳＦ 123" finds "sf 123"."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(folded.split())


def register_key(day: str) -> str:
    """The key under which the return-register entries of one day (YYYY-MM-DD) are found."""
    return f"@returns:{day}"


def case_keys(case: dict) -> set[str]:
    """Every key the case is found by: its searchable fields; a register entry also by its day."""
    keys = {search_key(case[name]) for name in SEARCHABLE if case.get(name) not in (None, "")}
    if case.get("kind") == CaseKind.RETURN and case.get("created_at"):
        keys.add(register_key(case["created_at"][:10]))
    return keys - {""}


def case_text(case: dict) -> str:
    """What the text index keeps of a case, for a search by part of what an agent knows."""
    return partial_text(case, search_key)


def case_row(case: dict) -> dict:
    """The small row that stands for an archived case in the history index."""
    names = ROW_FIELDS + (REGISTER_FIELDS if case.get("kind") == CaseKind.RETURN else ())
    row = {name: case[name] for name in names if case.get(name) not in (None, "")}
    tail = phone_tail(case)  # the last 4 digits only (as shown masked), for a partial look-up
    return {**row, "phone_tail": tail} if tail else row


def new_case(case_id: str, kind: CaseKind, clean: dict, status: str, agent: str, now: DateTime) -> dict:
    """A new case record from validated input, its timeline opened."""
    stamp = now.isoformat()
    fields = {name: value for name, value in clean.items() if name != "note"}
    case = {"id": case_id, "kind": kind.value, "status": status, **fields,
            "handler": clean.get("handler") or agent, "created_at": stamp, "created_by": agent,
            "version": 1, "updated_at": stamp, "updated_by": agent, "closed_at": None,
            "timeline": [], "checks": {}, "events": {"opened": stamp}, "clocks_met": {}, "escalations": []}
    for field, event in TIMED_EVENTS.items():
        if clean.get(field):
            case["events"][event] = clean[field]
    append(case, agent, now, "created")
    if clean.get("note"):
        append(case, agent, now, "note", text=clean["note"])
    return case


def append(case: dict, agent: str, now: DateTime, what: str, *, touch: bool = True, **detail: object) -> dict:
    """Add one entry to the case's timeline (append-only) and, unless `touch` is False (a
    reveal changes nothing of the case), mark who changed it when."""
    case.setdefault("timeline", []).append({"at": now.isoformat(), "by": agent, "what": what, **detail})
    if touch:
        case["updated_at"], case["updated_by"] = now.isoformat(), agent
    return case


def is_closed(case: dict) -> bool:
    return case.get("status") in FINAL_STATUSES.get(CaseKind(case.get("kind")), ())


def entries(case: dict, what: str) -> list[dict]:
    """The timeline entries of one sort: "note", "contact", "revealed" …"""
    return [entry for entry in case.get("timeline", ()) if entry.get("what") == what]


def appended_only(before: dict, after: dict) -> bool:
    """True when `after`'s timeline keeps `before`'s entries unchanged, in order."""
    old = before.get("timeline", [])
    return after.get("timeline", [])[:len(old)] == old
