"""Following a case through: contact attempts, review remedies, the courier memo line."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pendulum

from shiftboard.domain.cases.clocks import Policy
from shiftboard.errors import ShiftboardError

#: Chat first, phone is best (DOMAIN §3); SMS to ask for postage or a call back.
CHANNELS = ("chat", "phone", "sms")
OUTCOMES = ("reached", "no_answer", "refused", "left_message")


def contact_detail(channel: str, outcome: str, note: str = "") -> dict:
    """The detail of one contact attempt's timeline entry (date and handler come with it)."""
    for name, value, allowed in (("channel", channel, CHANNELS), ("outcome", outcome, OUTCOMES)):
        if value not in allowed:
            raise ShiftboardError("case.bad_choice", name=name, value=value, allowed=", ".join(allowed))
    detail = {"channel": channel, "outcome": outcome}
    if note.strip():
        detail["text"] = note.strip()
    return detail


def default_compensation(policy: Policy, rating: str | None) -> Decimal | None:
    """What a middle or bad review is compensated with unless the agent says otherwise."""
    return policy.compensation.get(rating or "")


@dataclass(frozen=True)
class MemoLine:
    """The memo written on the order after a courier call, in the field's format:
    date, courier agent id, result, handler ("6-28 agent 851: address changed, done — Li")."""

    date: str
    agent_id: str
    result: str
    handler: str


def memo_line(case: dict, tz: str) -> MemoLine | None:
    """The memo of a logistics case, once the courier's answer is recorded."""
    if case.get("kind") != "logistics" or not case.get("result"):
        return None
    asked = pendulum.parse(case.get("updated_at") or case["created_at"]).in_timezone(tz)
    return MemoLine(f"{asked.month}-{asked.day}", case.get("courier_agent_id") or "-", case["result"],
                    case.get("handler") or "")
