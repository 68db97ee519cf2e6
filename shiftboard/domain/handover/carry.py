"""Carry-over: what a signed handover brings into the run taking over — its unfinished items,
its actions and the callbacks promised to buyers — as entries of that run's carried section,
each keeping one id from handover to handover."""

from __future__ import annotations

import re

from shiftboard.domain.shift.carried import section_key


def origin_label(record: dict) -> str:
    """"Day shift 11-23, Li": what a carried item says it was carried from."""
    return f"{record['shift_title']} {record['date'][5:]}, {record['from']}"


def _slug(text: str) -> str:
    return re.sub(r"[.@:/\s]+", "-", text).strip("-")


def item_id(key: str) -> str:
    """`carried.c-2026-11-23-day-ship-promises` → its id without the block it sits in."""
    return key.split(".", 1)[1]


def carry_id(record: dict, item: dict) -> str:
    """An item keeps its carried id from handover to handover, so it stays one item."""
    if item.get("carried_from"):
        return item_id(item["key"])
    return f"c-{record['date']}-{record['shift']}-{_slug(item['key'])}"


def carry_entries(record: dict) -> list[dict]:
    """The unfinished items and the actions of a handover as entries of the carried section
    of the run taking over, each with its context and the item it stays one with."""
    common = {"from": origin_label(record), "from_agent": record["from"], "from_shift": record["shift_title"],
              "handover": record["id"]}
    entries = []
    for item in record["content"]["items"]:
        text = f"{item['at']} {item['text']}" if item.get("at") else item["text"]
        entry = {"key": section_key(carry_id(record, item)), "text": text, "kind": item.get("kind", "item"),
                 "block_title": item.get("block_title", ""), "notes": item.get("notes", []),
                 "mark": item.get("mark"), "source": [record["run"], item["key"]], **common}
        if item.get("due"):
            entry.update(owner=item.get("owner", ""), due=item["due"])
        entries.append(entry)
    for number, action in enumerate(record["notes"]["actions"], start=1):
        cid = f"c-{record['date']}-{record['shift']}-{_slug(record['from'])}-a{number}"
        entries.append({"key": section_key(cid), "text": action["text"], "kind": "action",
                        "owner": action.get("owner", ""), "due": action.get("due"), "notes": [],
                        "block_title": "", "mark": None, "source": None, **common})
    carried = {e["key"] for e in entries}  # a promise carried in before is listed among the items
    entries += [e for e in _promise_entries(record, common) if e["key"] not in carried]
    return entries


def promise_id(line: dict) -> str:
    """One id per promise (case and time promised), whichever handover carries it."""
    return f"cb-{line['case']}-{_slug(line['due'])}"


def _promise_entries(record: dict, common: dict) -> list[dict]:
    """The callbacks promised to buyers and not made yet (on time or already late): timed items
    of the run taking over, owned by the case's handler, due when the buyer was promised."""
    entries = []
    for line in record["content"]["cases"]:
        if line.get("promised") and line.get("due"):
            text = " · ".join(p for p in (line["store"], line["buyer"], line["order_no"], line["about"]) if p)
            entries.append({"key": section_key(promise_id(line)), "text": text, "kind": "callback",
                            "owner": line.get("handler", ""), "due": line["due"], "case": line["case"],
                            "notes": [], "block_title": "", "mark": None, "source": None, **common})
    return entries


def resolved_ids(run: dict | None) -> set[str]:
    """Ids of the run's items that are done or skipped (a carried item's id, whatever its block)."""
    marks = (run or {}).get("items", {})
    return {item_id(key) for key, mark in marks.items() if mark.get("state") in ("done", "skipped")}
