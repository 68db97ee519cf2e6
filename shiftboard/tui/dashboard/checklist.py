"""The checklist of one block: one row per item or per occurrence of a recurring item."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from shiftboard.domain.privacy import mask_text
from shiftboard.render import fmt
from shiftboard.domain.shift.run import BlockView, ItemStatus, ItemView
from shiftboard.i18n import t
from shiftboard.render.status import ITEM_SIGNS
from shiftboard.render.wrap import hang

STYLES = {
    ItemStatus.DONE: "green",
    ItemStatus.SKIPPED: "dim",
    ItemStatus.UPCOMING: "dim",
    ItemStatus.DUE: "",
    ItemStatus.OVERDUE: "bold red",
}


def item_row(item: ItemView, width: int = 0) -> Text:
    """`✓ 14:00 Send orders to the warehouse · Li 14:05 · ✎2`, wrapped to `width` cells (0:
    not wrapped) with its later lines under the text, not under the sign."""
    row = Text(style=STYLES[item.status])
    row.append(f"{ITEM_SIGNS[item.status]} ")
    if "@" in item.key:
        row.append(f"{fmt.hm(item.due)} ", style="bold")
    row.append(mask_text(item.item.text) if item.origin else item.item.text)  # typed by people
    return hang(row, width, 2, Text("  " + _meta(item), style="dim italic"))


def _meta(item: ItemView) -> str:
    parts = []
    if item.timed:
        parts.append(t("carry.deadline", owner=item.origin.owner or "-", at=fmt.hm(item.until)))
    elif item.carried_from and item.origin is None:
        parts.append(t("dash.carried", origin=item.carried_from))
    if item.status in (ItemStatus.DONE, ItemStatus.SKIPPED) and item.mark:
        parts.append(f"{item.mark.by} {fmt.hm(item.mark.at)}")
        if item.mark.reason:
            parts.append(t("status.reason", reason=item.mark.reason))
    elif item.status is ItemStatus.OVERDUE and not item.timed:
        parts.append(t("status.was_due", at=fmt.hm(item.until)))
    elif item.status is ItemStatus.UPCOMING and "@" in item.key:
        parts.append(t("dash.due_at", at=fmt.hm(item.due)))
    if item.origin and item.origin.reason and not item.mark:
        parts.append(t("status.reason", reason=item.origin.reason))
    notes = len(item.notes) + (len(item.origin.notes) if item.origin else 0)
    if notes:
        parts.append(f"✎{notes}")
    return " · ".join(parts)


def carried_options(items: tuple[ItemView, ...], drawn: dict[str, Text]) -> list[Option]:
    """The carried section: a heading per handover ("From last shift — Li, Day shift"), the
    items grouped under the block they stood in, actions first."""
    options: list[Option] = []
    for number, (head, group) in enumerate(_grouped(items)):
        options.append(Option(Text(head, style="bold reverse"), id=f"#from{number}", disabled=True))
        for title, members in group.items():
            if title:
                options.append(Option(Text(f"  {title}", style="bold"), id=f"#from{number}-{title}", disabled=True))
            options += [Option(drawn[i.key], id=i.key) for i in members]
    return options


def _grouped(items: tuple[ItemView, ...]) -> list[tuple[str, dict[str, list[ItemView]]]]:
    groups: dict[str, dict[str, list[ItemView]]] = {}
    for item in sorted(items, key=lambda i: not i.timed):
        came = item.origin
        head = (t("carry.section", agent=came.agent, shift=came.shift_title) if came and came.agent
                else t("carry.section_old", origin=item.carried_from or ""))
        title = (t("promise.heading") if came and came.kind == "callback" else t("carry.actions")) if item.timed \
            else (came.block_title if came else "")
        groups.setdefault(head, {}).setdefault(title, []).append(item)
    return list(groups.items())


class Checklist(OptionList):
    """Rows are rebuilt only when what they show changes, so the highlight stays put."""

    DEFAULT_CSS = """
    Checklist, Checklist:focus { height: 1fr; border: round $accent; }
    Checklist:focus { border: round $accent-lighten-2; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: tuple = ()
        self._showing: tuple[BlockView, tuple[ItemView, ...]] | None = None

    def show_block(self, block: BlockView, carried: tuple[ItemView, ...] = ()) -> None:
        """The block's items, then the carried section (under every block: it is the shift's)."""
        self._showing = (block, carried)
        width = self._row_width()
        drawn = {i.key: item_row(i, width) for i in (*block.items, *carried)}
        rows = tuple((key, row.plain, (row.style, *row.spans)) for key, row in drawn.items())
        if rows == self._shown:
            return
        if [row[0] for row in rows] == [row[0] for row in self._shown]:
            self._replace_changed(rows, drawn)
            return
        keep = self.highlighted_key
        self._shown = rows
        self.clear_options()
        options = [Option(drawn[i.key], id=i.key) for i in block.items] + carried_options(carried, drawn)
        self.add_options(options)
        keys = [o.id for o in options]
        first_open = next((n for n, i in enumerate(block.items)
                           if i.status in (ItemStatus.DUE, ItemStatus.OVERDUE)), 0)
        self.highlighted = keys.index(keep) if keep in keys else first_open

    def _replace_changed(self, rows: tuple, drawn: dict[str, Text]) -> None:
        """The same rows, some of them changed (another agent's note or tick): only their
        text is replaced, the list not rebuilt. A rebuild lays the screen out again, and every
        open dashboard does it for each change a teammate makes."""
        changed = [key for (key, *now), (_, *was) in zip(rows, self._shown) if now != was]
        self._shown = rows
        for key in changed:
            self.replace_option_prompt(key, drawn[key])

    def _row_width(self) -> int:
        """Cells a row may fill: inside the border and the options' padding, with room kept
        for the scrollbar (0 before the first layout: rows are wrapped once it is known)."""
        inner = self.content_region.width
        if inner <= 0:
            return 0
        padding = self.get_component_styles("option-list--option").padding.width
        return max(8, inner - padding - self.styles.scrollbar_size_vertical)

    def on_resize(self) -> None:
        if self._showing is not None:
            self.show_block(*self._showing)

    @property
    def highlighted_key(self) -> str | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        return self.get_option_at_index(self.highlighted).id


def origin_lines(came) -> Text:
    """The detail of a carried item: where it came from and what was noted on it there."""
    lines = Text()
    lines.append("  " + t("carry.came_from", agent=came.agent or "-", shift=came.shift_title or "-",
                          block=came.block_title or "-"), style="italic")
    if came.by and came.reason:
        lines.append("\n– " + t("carry.skipped_by", by=came.by, at=fmt.hm(came.at), reason=came.reason))
    for by, at, text in came.notes[-3:]:
        lines.append(f"\n✎ {by} {at[11:16]}  {mask_text(text)}")
    return lines
