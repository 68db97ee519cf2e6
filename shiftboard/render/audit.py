"""An audit entry as a lead reads it: who in which role, what kind of record, and each change
in words (`status` → 状态, `moved:close` → 状态变更 关闭, `items.overnight.returns=done` →
勾选 overnight.returns). The trail keeps the short ids (`domain/team/audit.py`); a zh screen
listed them raw ("王伟（agent）… created, events.opened"). A token this does not know is
shown as it is: an id is better than nothing."""

from __future__ import annotations

from shiftboard.i18n import join, t, t_or
from shiftboard.render.fmt import word
from shiftboard.render.messages import role_word


def who(entry: dict) -> str:
    return t("audit.who", agent=entry.get("agent") or "-", role=role_word(str(entry.get("role") or "-")))


def record(entry: dict) -> str:
    name = str(entry.get("collection", ""))
    return f"{t_or(f'audit.collection.{name}', name)} {entry.get('record', '')}".strip()


def changes(entry: dict) -> str:
    return join(change(str(token)) for token in entry.get("changes", []))


def change(token: str) -> str:
    """One token of `domain.team.audit.changes` in words."""
    if token in ("created", "password"):
        return t(f"audit.change.{token}")
    if ":" in token:  # a timeline entry: what, and its move / check / who
        what, _, detail = token.partition(":")
        return f"{word('timeline', what)} {_detail(what, detail)}"
    path, _, state = token.partition("=")
    head, _, rest = path.partition(".")
    if head == "items" and rest:
        return t("audit.change.item", item=rest, state=_state(state or "done"))
    if head == "notes" and rest:
        return t("audit.change.note", item=rest)
    said = t_or(f"case.label.{head}", t_or(f"audit.field.{head}", head))
    if rest:
        said = f"{said} {word('event', rest) if head == 'events' else rest}"
    return t("audit.change.set", field=said, state=_state(state)) if state else said


def _detail(what: str, detail: str) -> str:
    if what in ("checked", "unchecked"):
        return word("check", detail)
    if what in ("moved", "approval_requested", "approved", "approval_refused"):
        return word("move", detail)
    return detail


def _state(state: str) -> str:
    return t_or(f"audit.state.{state}", state)
