"""Cases as lines of text and as stable JSON, for `shiftboard cases …` (all words via `t`).

Buyers' phone numbers and addresses arrive here already masked unless the agent asked to see
them (and the service recorded it).
"""

from __future__ import annotations

from collections.abc import Mapping

from pendulum import DateTime
from rich.cells import cell_len

from shiftboard.domain.cases.clocks import Deadline
from shiftboard.domain.cases.desk import CaseView, Page, RegisterTotal, parse_time
from shiftboard.render.fmt import pad, when, word
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import join, t
from shiftboard.sanitize import visible
from shiftboard.services.approvals import PENDING, REFUSED
from shiftboard.services.cases import CaseDetail



#: Fields whose values are choices with catalogue words (`case.request.exchange`).
CHOICES = {"request", "rating", "complaint_kind", "notice", "remedy"}


def deadline_json(deadline: Deadline) -> dict:
    return {"clock": deadline.rule.id, "status": deadline.status.value,
            "due": deadline.due.isoformat() if deadline.due else None,
            "done_at": deadline.done_at.isoformat() if deadline.done_at else None}


def view_json(view: CaseView, case: dict) -> dict:
    """The case as stored (masked as given), with its clocks and its next due time."""
    upcoming = view.next_deadline
    return {**case, "due": upcoming.due.isoformat() if upcoming else None,
            "urgency": view.urgency.value if view.urgency else None,
            "deadlines": [deadline_json(d) for d in view.deadlines]}


def detail_json(detail: CaseDetail, case: dict) -> dict:
    return {**view_json(detail.view, case), "period": detail.period, "moves": list(detail.moves),
            "checks": {name: done for name, done in detail.checks}, "hints": list(detail.hints)}


def _due(view: CaseView, now: DateTime) -> str:
    upcoming = view.next_deadline
    if upcoming is None:
        return "-"
    return f"{when(upcoming.due, now)} {word('clock_status', upcoming.status.value)}"


def _line(case: dict, due: list[str], last: str) -> str:
    """A case on one line: id, kind, status, [due], store, order no., buyer, and `last`."""
    cells = [case["id"], pad(word("kind", case.get("kind", "")), 10), pad(word("status", case.get("status", "")), 14),
             *due, pad(case.get("store", ""), 12), pad(case.get("order_no") or "-", 20),
             pad(case.get("buyer") or "-", 10), last]
    return "  ".join(cells).rstrip()


def queue_lines(page: Page, cases: list[dict], now: DateTime) -> list[str]:
    """One line per case of the page, then where the page stands."""
    lines = [_line(case, [pad(_due(view, now), 18)], case.get("handler", "")) for view, case in zip(page.rows, cases)]
    lines.append(t("case.page", page=page.page + 1, pages=page.pages, total=page.total))
    return lines


def row_lines(rows: list[dict]) -> list[str]:
    """Search results: live cases first, then archived ones with their month."""
    return [_line(row, [], row.get("period") or t("case.live")) for row in rows]


#: What a case record holds besides its fields: shown in its own way (the head, the clocks,
#: the checks, the approval line, the timeline) or not at all. The approval was listed as a
#: field, a raw dict with a catalogue key in it, on the case screen and in `cases show`.
BOOKKEEPING = frozenset({"id", "kind", "status", "timeline", "checks", "events", "clocks_met", "escalations",
                         "version", "imported", "approval"})


def fields_of(case: dict, skip: frozenset[str] = BOOKKEEPING) -> list[tuple[str, object]]:
    """The fields an agent typed (or an import brought), in the record's order, empty ones left out."""
    return [(name, value) for name, value in case.items() if name not in skip and value not in (None, "", [], {})]


def approval_line(case: dict, now: DateTime) -> str | None:
    """A request waiting for a lead, or the lead's refusal, in words (None: nothing to say;
    an approval already given is in the timeline)."""
    approval = case.get("approval") or {}
    state = approval.get("state")
    if state not in (PENDING, REFUSED):
        return None
    params = {"move": word("move", approval.get("move")), "by": visible(str(approval.get("by", ""))),
              "at": when(parse_time(approval.get("at"), now.timezone_name), now),
              "reason": visible(_reason(approval))}
    if state == REFUSED:
        params.update(lead=visible(str(approval.get("decided_by", ""))), refusal=visible(str(approval.get("refusal", ""))))
    return t(f"case_ui.approval_{state}", **params)


def _reason(said: dict) -> str:
    """Why an approval was asked for (a catalogue key, `approval.reason.…`) or refused (a
    lead's own words), from the case's approval or a timeline entry."""
    reason = str(said.get("reason", ""))
    return t(reason) if reason.startswith("approval.") else reason


def detail_lines(detail: CaseDetail, case: dict, now: DateTime, titles: Mapping[str, str] | None = None) -> list[str]:
    """A case as an agent reads it: fields, clocks, what can be done, the timeline."""
    lines = [f"{case['id']}  {word('kind', case['kind'])} · {word('status', case['status'])} · v{case['version']}"]
    if (waiting := approval_line(case, now)) is not None:
        lines.append(f"  ⚑ {waiting}")
    shown = [(word("label", name), field_value(name, value, now)) for name, value in fields_of(case)]
    clocks = [(f"⏱ {word('clock', d.rule.id)}", d) for d in detail.view.deadlines]
    width = max((cell_len(label) for label, _ in shown + clocks), default=0) + 2
    lines += [f"  {pad(label, width)}{value}" for label, value in shown]
    for label, deadline in clocks:
        lines.append(f"  {pad(label, width)}{word('clock_status', deadline.status.value)}  {when(deadline.due, now)}")
    for name, done in detail.checks:
        lines.append(f"  {'☑' if done else '☐'} {word('check', name)}")
    if detail.moves:
        lines.append(t("case.moves", moves=join(word("move", move) for move in detail.moves)))
    lines += [f"  ! {t(hint)}" for hint in detail.hints]
    if detail.memo:
        memo = detail.memo
        lines.append(t("case.memo", date=memo.date, agent=memo.agent_id, result=memo.result, handler=memo.handler))
    for entry in case.get("timeline", ()):
        moment = parse_time(entry["at"], now.timezone_name)
        said = visible(entry_text(entry, titles), multiline=True)
        lines.append(f"  {when(moment, now)}  {visible(entry['by'])}  {word('timeline', entry['what'])}  {said}".rstrip())
    return lines


def flagged_notes(case: dict) -> bool:
    """Has the case a reply note kept despite the forbidden-phrase check?"""
    return any(entry.get("flagged") for entry in case.get("timeline", ()))


def entry_text(entry: dict, titles: Mapping[str, str] | None = None) -> str:
    """What one timeline entry says, in words (`agree → awaiting return`, `phone: no answer`).
    `titles`: forbidden-phrase rule id → title, for a reply note kept despite its flags."""
    what = entry.get("what")
    if what == "moved":
        said = f"{word('move', entry.get('move'))} → {word('status', entry.get('to'))}"
    elif what == "contact":
        said = f"{word('channel', entry.get('channel'))}: {word('outcome', entry.get('outcome'))}"
        said = f"{said}  {entry['text']}" if entry.get("text") else said
    elif what in ("assigned", "escalated"):
        said = " ".join(str(v) for v in (entry.get("to"), entry.get("reason")) if v)
    elif what in ("checked", "unchecked"):
        said = word("check", entry.get("check"))
    elif what in ("clock_met", "clock_reopened"):
        said = word("clock", entry.get("clock"))
    elif what == "revealed":
        said = word("label", entry.get("field"))
    elif what == "edited":
        said = join(word("label", name) for name in entry.get("fields", ()))
    elif what == "event":
        said = word("event", entry.get("event"))
    elif what in ("approval_requested", "approved", "approval_refused"):
        said = f"{word('move', entry.get('move'))}: {_reason(entry)}"
    else:
        said = str(entry.get("text", ""))
    if entry.get("flagged"):
        rules = join((titles or {}).get(rule) or t("reply_flags.unknown_rule") for rule in entry["flagged"])
        said = f"{said}  {t('reply_flags.kept', rules=rules)}"
    via = entry.get("via")
    return f"{said}  ({t(f'case.via_{via}')})" if via in ("import", "checklist") else said


#: Parameters of refusals that name states, moves or checks: said in words (`worded`).
_WORDED = {"state": "status", "target": "status", "move": "move"}


def worded(error: ShiftboardError) -> ShiftboardError:
    """A refusal from the flow with its states, moves and checks in the agent's words."""
    params = dict(error.params)
    for name, group in _WORDED.items():
        if name in params:
            params[name] = word(group, params[name])
    for name, group in (("possible", "move"), ("missing", "check")):
        if name in params and params[name] != "-":
            params[name] = ", ".join(word(group, value) for value in str(params[name]).split(", "))
    return ShiftboardError(error.key, **params)


def field_value(name: str, value: object, now: DateTime) -> str:
    """Times as the agent reads them (HH:mm today, else MM-DD HH:mm); the rest as stored."""
    if name.endswith("_at") or name == "confirm_by":
        return when(parse_time(value, now.timezone_name), now)
    if isinstance(value, bool):
        return t("case.yes" if value else "case.no")
    return word(name, value) if name in CHOICES else str(value)


def register_lines(entries: list[dict], totals: list[RegisterTotal]) -> list[str]:
    """The return register as the team keeps it, then totals per day and store."""
    lines = [" ".join([entry["created_at"][:10], pad(entry.get("store", ""), 12), pad(entry.get("item", ""), 16),
                       pad(str(entry.get("quantity", "")), 4), pad(entry.get("problem", ""), 16),
                       pad(entry.get("return_tracking_no", ""), 18), word("status", entry.get("status", ""))])
             for entry in entries]
    for total in totals:
        lines.append(t("case.register_total", day=total.day, store=total.store, entries=total.entries,
                       quantity=total.quantity, restocked=total.restocked, loss=total.loss, waiting=total.waiting))
    return lines
