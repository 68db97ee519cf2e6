"""An order's or a buyer's one view as lines of text and as JSON (all words via `t`; what
people and platforms wrote passes through `visible`)."""

from __future__ import annotations

from pendulum import DateTime

from shiftboard.domain.cases.desk import parse_time
from shiftboard.domain.privacy import masked
from shiftboard.i18n import t
from shiftboard.render.case import register_lines, row_lines
from shiftboard.render.fmt import when, word
from shiftboard.sanitize import visible
from shiftboard.services.dossier import Dossier


def said_text(entry: dict) -> str:
    """A note, a contact attempt or an escalation in a line."""
    if entry["what"] == "contact":
        detail = " · ".join(word(group, entry.get(name)) for group, name in (("channel", "channel"),
                                                                            ("outcome", "outcome")) if entry.get(name))
        return f"{word('timeline', 'contact')}: {detail} {entry.get('note') or ''}".rstrip()
    if entry["what"] == "escalated":
        return f"{word('timeline', 'escalated')} → {entry.get('to', '')}: {entry.get('reason', '')}"
    return entry.get("text", "")


def dossier_lines(found: Dossier, now: DateTime) -> list[str]:
    cases = [masked(case) for case in found.cases]
    lines = [visible(t(f"dossier.title.{found.about.value}", value=found.value, cases=len(cases),
                       register=len(found.register), said=len(found.said), handovers=len(found.handovers))),
             t("dossier.cases")]
    lines += [f"  {visible(line)}" for line in row_lines(cases)]
    if found.register:
        lines.append(t("dossier.register"))
        lines += [f"  {visible(line)}" for line in register_lines([masked(c) for c in found.register], [])]
    if found.said:
        lines.append(t("dossier.said"))
        for case, entry in found.said:
            moment = when(parse_time(entry["at"], now.timezone_name), now)
            lines.append(f"  {moment}  {visible(entry['by'])}  {case['id'][-6:]}  {visible(said_text(entry))}")
    if found.handovers:
        lines.append(t("dossier.handovers"))
        lines += [f"  {visible(m.where)}  {visible(m.handover.get('from', ''))}" for m in found.handovers]
    return lines


def dossier_json(found: Dossier) -> dict:
    return {"about": found.about.value, "value": found.value, "cases": [masked(case) for case in found.cases],
            "register": [case["id"] for case in found.register],
            "said": [{"case": case["id"], **entry} for case, entry in found.said],
            "handovers": [{"id": m.handover["id"], "where": m.where} for m in found.handovers]}
