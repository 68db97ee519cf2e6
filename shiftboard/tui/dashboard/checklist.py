"""The checklist of one block: one row per item or per occurrence of a recurring item."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from shiftboard.render import fmt
from shiftboard.domain.shift.run import BlockView, ItemStatus, ItemView
from shiftboard.i18n import t
from shiftboard.render.status import ITEM_SIGNS

STYLES = {
    ItemStatus.DONE: "green",
    ItemStatus.SKIPPED: "dim",
    ItemStatus.UPCOMING: "dim",
    ItemStatus.DUE: "",
    ItemStatus.OVERDUE: "bold red",
}


def item_row(item: ItemView) -> Text:
    """`✓ 14:00 Send orders to the warehouse · Li 14:05 · ✎2`"""
    row = Text(style=STYLES[item.status])
    row.append(f"{ITEM_SIGNS[item.status]} ")
    if "@" in item.key:
        row.append(f"{fmt.hm(item.due)} ", style="bold")
    row.append(item.item.text)
    row.append_text(Text("  " + _meta(item), style="dim italic"))
    return row


def _meta(item: ItemView) -> str:
    parts = []
    if item.carried_from:
        parts.append(t("dash.carried", origin=item.carried_from))
    if item.status in (ItemStatus.DONE, ItemStatus.SKIPPED) and item.mark:
        parts.append(f"{item.mark.by} {fmt.hm(item.mark.at)}")
        if item.mark.reason:
            parts.append(t("status.reason", reason=item.mark.reason))
    elif item.status is ItemStatus.OVERDUE:
        parts.append(t("status.was_due", at=fmt.hm(item.until)))
    elif item.status is ItemStatus.UPCOMING and "@" in item.key:
        parts.append(t("dash.due_at", at=fmt.hm(item.due)))
    if item.notes:
        parts.append(f"✎{len(item.notes)}")
    return " · ".join(parts)


class Checklist(OptionList):
    """Rows are rebuilt only when what they show changes, so the highlight stays put."""

    DEFAULT_CSS = """
    Checklist, Checklist:focus { height: 1fr; border: round $accent; }
    Checklist:focus { border: round $accent-lighten-2; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: tuple = ()

    def show_block(self, block: BlockView) -> None:
        rows = tuple((i.key, item_row(i).markup) for i in block.items)
        if rows == self._shown:
            return
        keep = self.highlighted_key
        self._shown = rows
        self.clear_options()
        self.add_options([Option(item_row(i), id=i.key) for i in block.items])
        keys = [i.key for i in block.items]
        first_open = next((n for n, i in enumerate(block.items)
                           if i.status in (ItemStatus.DUE, ItemStatus.OVERDUE)), 0)
        self.highlighted = keys.index(keep) if keep in keys else first_open

    @property
    def highlighted_key(self) -> str | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        return self.get_option_at_index(self.highlighted).id
