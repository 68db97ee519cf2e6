"""What a stored record must look like before the rest of the code may trust it.

Data files are ours, but people edit them, disks fail and old versions wrote other shapes: a
run whose `items` is a list, a case without a `kind`, a time that is not a time. Each check
returns None for a usable record, else a short reason (English, for the named warning): the
store (each collection's `Schema.problem`) then serves the rest and leaves that record as it is.
"""

from __future__ import annotations

from datetime import date, datetime


def _time(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _day(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _dicts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(entry, dict) for entry in value)


def run_problem(record: dict) -> str | None:
    if not _day(record.get("date")) or not isinstance(record.get("shift", ""), str):
        return "date or shift missing or not a date"
    items, notes = record.get("items", {}), record.get("notes", {})
    if not isinstance(items, dict) or not isinstance(notes, dict):
        return "items or notes are not tables"
    for key, mark in items.items():
        if not isinstance(mark, dict) or not isinstance(mark.get("state"), str) or not _time(mark.get("at")):
            return f"item {key} has no state or time"
    for key, entries in notes.items():
        if not _dicts(entries) or not all(isinstance(n.get("text"), str) and _time(n.get("at")) for n in entries):
            return f"notes of {key} are not notes"
    return None


def case_problem(record: dict) -> str | None:
    from shiftboard.domain.cases.model import CaseKind  # not at start-up: the dashboard reads no case

    if record.get("kind") not in {kind.value for kind in CaseKind}:
        return f"unknown kind {record.get('kind')!r}"
    if not isinstance(record.get("status"), str):
        return "no status"
    if not _time(record.get("created_at")):
        return "created_at is not a time"
    for field in ("updated_at", "closed_at"):
        if record.get(field) is not None and not _time(record[field]):
            return f"{field} is not a time"
    if not _dicts(record.get("timeline")) or not isinstance(record.get("events", {}), dict):
        return "timeline or events damaged"
    if not all(_time(entry.get("at")) for entry in record["timeline"]):
        return "a timeline entry has no time"
    if not all(v is None or _time(v) for v in record.get("events", {}).values()):
        return "an event time is not a time"
    return None


def handover_problem(record: dict) -> str | None:
    if not isinstance(record.get("run"), str) or not _day(record.get("date")):
        return "no run or date"
    if not _time(record.get("created_at")) or not isinstance(record.get("to", {}), dict):
        return "created_at or the incoming shift damaged"
    notes = record.get("notes", {})
    if not isinstance(notes, dict) or not all(_dicts(notes.get(name, [])) for name in ("actions", "contingencies")):
        return "notes damaged"
    if not all(isinstance(a.get("text"), str) and (a.get("due") is None or _time(a["due"])) for a in notes.get("actions", [])):
        return "an action has no text or its deadline is not a time"
    signed = record.get("signed")
    if signed is not None and not (isinstance(signed, dict) and _time(signed.get("at"))):
        return "signature damaged"
    content = record.get("content", {})
    if not isinstance(content, dict) or not _dicts(content.get("items", [])):
        return "content damaged"
    if not all(_dicts(record.get(name, [])) for name in ("timeline", "acks", "read_backs", "addenda")):
        return "timeline, acknowledgements, read-backs or addenda damaged"
    return None
