"""The audit trail's entries: what a change to a record was, told without its values (a
phone number or a password hash must not land in a log), and the filters a lead uses."""

from __future__ import annotations

from dataclasses import dataclass

#: Fields every change touches, or that the timeline tells better.
QUIET = {"version", "updated_at", "updated_by", "timeline", "id"}
#: Shown by name only, never by value.
SECRET = {"hash": "password"}


def changes(before: dict | None, after: dict) -> list[str]:
    """What changed, as short words: "created", "items.overnight.returns=done", "status",
    "approval=pending", "moved:agree", "password" … in a stable order."""
    found = ["created"] if before is None else []
    old_record = before or {}
    for key in sorted(set(old_record) | set(after)):
        old, new = old_record.get(key), after.get(key)
        if key in QUIET or old == new or before is None and not isinstance(new, dict):
            continue
        if key in SECRET:
            found.append(SECRET[key])
        elif isinstance(new, dict) and isinstance(new.get("state"), str):
            found.append(f"{key}={new['state']}")
        elif isinstance(new, dict) and isinstance(old, dict | None):
            found += [_inner(key, name, new.get(name)) for name in sorted(set(old or {}) | set(new))
                      if (old or {}).get(name) != new.get(name)]
        else:
            found.append(key)
    return found + (_timeline(before, after) if before is not None else [])


def _inner(key: str, name: str, value: object) -> str:
    state = value.get("state") if isinstance(value, dict) else None
    return f"{key}.{name}={state}" if isinstance(state, str) else f"{key}.{name}"


def _timeline(before: dict, after: dict) -> list[str]:
    new = after.get("timeline", [])[len(before.get("timeline", [])):]
    words = []
    for entry in new if isinstance(new, list) else ():
        if isinstance(entry, dict) and entry.get("what") not in (None, "edited"):
            detail = entry.get("move") or entry.get("check") or entry.get("to") or ""
            words.append(f"{entry['what']}:{detail}" if detail else str(entry["what"]))
    return words


@dataclass(frozen=True)
class AuditFilter:
    agent: str | None = None
    record: str | None = None  # a case id, a run key (or the start of one)
    since: str | None = None  # ISO date or time: entries at or after it
    until: str | None = None  # ISO date: entries on or before that day

    def takes(self, entry: dict) -> bool:
        at = str(entry.get("at", ""))
        return ((self.agent is None or entry.get("agent") == self.agent)
                and (self.record is None or str(entry.get("record", "")).startswith(self.record))
                and (self.since is None or at >= self.since)
                and (self.until is None or at[:10] <= self.until))
