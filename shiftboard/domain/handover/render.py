"""A handover as Markdown (to paste into the team chat), plain text or JSON.

Buyers' phone numbers, addresses and ID numbers are masked unless `unmask` is asked for: the
case fields that hold them, the known addresses and whatever `privacy.mask_text` finds in free
text an agent typed.
The words come from the `tr` function the caller passes (the domain holds no display text).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from shiftboard.domain.privacy import mask_address, mask_phone, mask_text
from shiftboard.sanitize import json_text, visible
from shiftboard.domain.handover.model import CaseTopic, parse_time, short_time

Translate = Callable[..., str]

JSON_SCHEMA = 1
#: Fields that hold ids, keys and times: never personal data, never rewritten.
_NOT_TEXT = {"id", "case", "run", "key", "at", "start", "due", "created_at", "updated_at", "date",
             "order_no", "handover"}
_STATUS_SIGN = {"calm": "●", "watch": "▲", "urgent": "‼"}


def masked(record: dict) -> dict:
    """A copy with buyers' personal data masked, in case fields and in free text."""
    shown = copy.deepcopy(record)
    addresses = set()
    for line in shown.get("content", {}).get("cases", []):
        if line.get("address"):
            addresses.add(line["address"])
            line["address"] = mask_address(line["address"])
        if line.get("phone"):
            line["phone"] = mask_phone(line["phone"])
    return _mask_text(shown, sorted(addresses, key=len, reverse=True))


def _mask_text(value: object, addresses: list[str], key: str = "") -> object:
    if isinstance(value, dict):
        for name, inner in value.items():
            if name not in ("phone", "address"):
                value[name] = _mask_text(inner, addresses, name)
        return value
    if isinstance(value, list):
        return [_mask_text(inner, addresses, key) for inner in value]
    if not isinstance(value, str) or key in _NOT_TEXT:
        return value
    for address in addresses:
        value = value.replace(address, mask_address(address))
    return mask_text(value)


def _label(tr: Translate, key: str, fallback: str) -> str:
    """A catalogue word, or the raw id when the team's own file names something new."""
    text = tr(key)
    return fallback if text == key else text  # `tr` may be another language's `t`: not `t_or`


def _when(iso: str) -> str:
    return parse_time(iso).strftime("%Y-%m-%d %H:%M")


def _header(record: dict, tr: Translate) -> tuple[str, list[str]]:
    notes, to = record["notes"], record["to"]
    title = tr("handover.doc.title", shift=record["shift_title"], date=record["date"],
               to=f"{to['shift_title']} {to['date']}")
    status = notes["status"]
    signed = record.get("signed")
    meta = [tr("handover.doc.from", agent=record["from"]),
            tr("handover.doc.signed", by=signed["by"], at=_when(signed["at"])) if signed else tr("handover.doc.draft"),
            tr("handover.doc.status", sign=_STATUS_SIGN[status], status=tr(f"handover.status.{status}"))]
    return title, meta


def _action(action: dict, date: str, tr: Translate) -> str:
    owner = action.get("owner") or tr("handover.doc.no_owner")
    due = short_time(action.get("due"), date) or tr("handover.doc.no_deadline")
    return tr("handover.doc.action", text=action["text"], owner=owner, due=due)


def _item(item: dict, date: str, tr: Translate) -> str:
    text = f"{item['at']} {item['text']}" if item.get("at") else item["text"]
    line = tr("handover.doc.item", block=item["block_title"], text=text,
              status=tr("handover.item_status." + item["status"]))
    if item.get("due"):
        line += " · " + tr("carry.deadline", owner=item.get("owner") or "-", at=short_time(item["due"], date))
    if item.get("carried_from"):
        line += " · " + tr("dash.carried", origin=item["carried_from"])
    reason = (item.get("mark") or {}).get("reason")
    if reason:
        line += " · " + tr("status.reason", reason=reason)
    return line + "".join(f" · ✎ {n['by']}: {n['text']}" for n in item.get("notes", ()))


def _case(line: dict, date: str, tr: Translate) -> str:
    kind = f"complaint.{line['complaint_kind']}" if line.get("complaint_kind") else f"case_kind.{line['kind']}"
    parts = [tr(f"handover.topic.{line['topic']}")]
    if line["topic"] != CaseTopic.NOTICE:  # "stock/shipping" says the kind already
        parts.append(_label(tr, f"handover.{kind}", line["kind"]))
    if line.get("order_no"):
        parts.append(tr("handover.doc.order", order=line["order_no"]))
    buyer = " ".join(p for p in (line.get("buyer"), line.get("phone"), line.get("address")) if p)
    parts += [p for p in (buyer, line.get("about")) if p]
    if line.get("clock"):
        clock = _label(tr, f"handover.clock.{line['clock']}", line["clock"])
        parts.append(tr("handover.doc.clock_due", clock=clock, due=short_time(line["due"], date)))
    return " · ".join(parts)


def sections(record: dict, tr: Translate, folded: bool = False) -> list[tuple[str, list[str]]]:
    """(heading, lines) of every part that has something to say, in reading order: what the
    agent wrote first, then what shiftboard drafted at a glance (each list's count), then the
    lists (`folded`: their headings and counts only, no line of counts before them) and what
    happened after signing."""
    return note_sections(record, tr) + ([] if folded else [glance(record, tr)]) + data_sections(record, tr, folded)


def glance(record: dict, tr: Translate) -> tuple[str, list[str]]:
    """The drafted lists counted on one line, read before the lists themselves."""
    return tr("handover_view.at_a_glance"), [" · ".join(heading for heading, _ in list_sections(record, tr, True))]


def note_sections(record: dict, tr: Translate) -> list[tuple[str, list[str]]]:
    """The agent's own part: summary, actions, if/then."""
    notes, date = record["notes"], record["date"]
    found: list[tuple[str, list[str]]] = []
    if notes["summary"].strip():
        found.append((tr("handover.doc.summary"), notes["summary"].strip().splitlines()))
    found.append((tr("handover.doc.actions"), [_action(a, date, tr) for a in notes["actions"]]
                  or [tr("handover.doc.none")]))
    if notes["contingencies"]:
        found.append((tr("handover.doc.if_then"),
                      [tr("handover.doc.contingency", cond=c["if"], then=c["then"]) for c in notes["contingencies"]]))
    return found


def data_sections(record: dict, tr: Translate, folded: bool = False) -> list[tuple[str, list[str]]]:
    """What was drafted from the data and what happened after signing."""
    return list_sections(record, tr, folded) + after_sections(record, tr)


def list_sections(record: dict, tr: Translate, folded: bool = False) -> list[tuple[str, list[str]]]:
    """The open items and the cases per store (`folded`: headings with their counts only)."""
    date = record["date"]
    found: list[tuple[str, list[str]]] = []
    items = record["content"]["items"]
    lines = [_item(i, date, tr) for i in items]
    if record["content"].get("missed"):
        lines.append(tr("carry.missed", count=record["content"]["missed"]))
    found.append((tr("handover.doc.open_items", count=len(items)),
                  [] if folded else lines or [tr("handover.doc.none")]))
    cases = record["content"]["cases"]
    for store in dict.fromkeys(c["store"] for c in cases):
        heading, lines = tr("handover.doc.cases", store=store or "-"), [_case(c, date, tr) for c in cases if c["store"] == store]
        found.append((f"{heading} ({len(lines)})", []) if folded else (heading, lines))
    return found


def after_sections(record: dict, tr: Translate) -> list[tuple[str, list[str]]]:
    """Addenda, read-backs, changes made later and acknowledgements."""
    found: list[tuple[str, list[str]]] = []
    for name in ("addenda", "read_backs"):
        if record.get(name):
            found.append((tr(f"handover.doc.{name}"),
                          [f"{_when(e['at'])} {e['by']}: {e['text']}" for e in record[name]]))
    edits = [tr("carry.edited_later", by=e["by"], at=_when(e["at"]), item=e["key"])
             for e in record.get("timeline", ()) if e.get("what") == "edited_later"]
    if edits:
        found.append((tr("carry.edited_heading"), edits))
    acks = [tr("handover.doc.ack", by=a["by"], at=_when(a["at"])) for a in record.get("acks", ())]
    if record.get("signed"):
        found.append((tr("handover.doc.acks"), acks or [tr("handover.doc.not_acked")]))
    return found


def document(record: dict, tr: Translate, unmask: bool = False) -> tuple[str, list[tuple[str, list[str]]], str]:
    """The handover as a screen shows it: (Markdown of the agent's part and the counts, the
    lists as (title with count, lines) to show folded, Markdown of what came after signing)."""
    shown = record if unmask else masked(record)
    title, meta = _header(shown, tr)
    top = _markdown([f"## {title}", "", " · ".join(meta)], note_sections(shown, tr) + [glance(shown, tr)])
    lists = [(heading, lines) for (heading, _), (_, lines)
             in zip(list_sections(shown, tr, folded=True), list_sections(shown, tr))]
    return visible(top, multiline=True), lists, visible(_markdown([], after_sections(shown, tr)), multiline=True)


def _markdown(out: list[str], found: list[tuple[str, list[str]]]) -> str:
    for heading, lines in found:
        out += ["", f"### {heading}", ""] + [f"- {line}" for line in lines]
    return "\n".join(out) + "\n"


def notes_text(record: dict, tr: Translate, unmask: bool = False) -> str:
    """The agent's part as plain text, masked: cheap enough to draw at every keystroke."""
    mine = {**record, "content": {"items": [], "cases": []}}
    return _plain(note_sections(mine if unmask else masked(mine), tr))


def data_text(record: dict, tr: Translate, unmask: bool = False) -> str:
    """The drafted part, folded (headings and counts, then what came after signing), as plain
    text, masked: the compose screen's preview beside the notes, drawn without a Markdown
    document (its parser and widget tree were a quarter of the screen's first opening)."""
    shown = record if unmask else masked(record)
    title, meta = _header(shown, tr)
    return _plain([(title, [" · ".join(meta)])] + data_sections(shown, tr, folded=True))


def _plain(found: list[tuple[str, list[str]]]) -> str:
    out = []
    for heading, lines in found:
        out += [heading] + [f"  - {line}" for line in lines] + [""]
    return visible("\n".join(out).rstrip("\n"), multiline=True)


def render_markdown(record: dict, tr: Translate, unmask: bool = False, folded: bool = False) -> str:
    shown = record if unmask else masked(record)
    title, meta = _header(shown, tr)
    return _markdown([f"## {title}", "", " · ".join(meta)], sections(shown, tr, folded))


def render_text(record: dict, tr: Translate, unmask: bool = False, folded: bool = False) -> str:
    shown = record if unmask else masked(record)
    title, meta = _header(shown, tr)
    out = [title, "=" * 40, *meta]
    for heading, lines in sections(shown, tr, folded):
        out += ["", heading] + [f"  - {line}" for line in lines]
    return "\n".join(out) + "\n"


def render_json(record: dict, unmask: bool = False) -> str:
    shown = record if unmask else masked(record)
    return json_text({"schema": JSON_SCHEMA, **shown}, indent=2) + "\n"


def render(record: dict, fmt: str, tr: Translate, unmask: bool = False, folded: bool = False) -> str:
    """`md`, `txt` or `json` (whole, whatever `folded` says)."""
    if fmt == "json":
        return render_json(record, unmask)
    # An export is pasted into the team chat or shown on a terminal: control bytes spelled out.
    return visible((render_markdown if fmt == "md" else render_text)(record, tr, unmask, folded), multiline=True)

