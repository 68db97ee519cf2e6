"""The blocks of the shift, one line each: time box, title, state and progress."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from shiftboard import fmt
from shiftboard.domain.shiftrun import BlockState, ShiftView
from shiftboard.i18n import t

SIGNS = {BlockState.DONE: "✓", BlockState.CURRENT: "▶", BlockState.UPCOMING: "·",
         BlockState.OVERDUE: "!"}
STYLES = {BlockState.DONE: "green", BlockState.CURRENT: "bold", BlockState.UPCOMING: "dim",
          BlockState.OVERDUE: "bold red"}


class Timeline(Static):
    """Read-only; ←/→ on the dashboard choose which block the checklist shows."""

    DEFAULT_CSS = """
    Timeline { width: 40; height: 1fr; border: round $primary-darken-1; padding: 0 1; }
    """

    view: reactive[ShiftView | None] = reactive(None, always_update=True)
    selected: reactive[int] = reactive(0)
    """Index of the block the checklist shows (outlined)."""

    def render(self) -> Text:
        if self.view is None:
            return Text()
        self.border_title = t("dash.timeline")
        width = max(fmt.cell_len(b.block.title) for b in self.view.blocks)
        rows = []
        for index, block in enumerate(self.view.blocks):
            row = Text(f"{SIGNS[block.state]} {fmt.span(block.start, block.end)} "
                       f"{fmt.pad(block.block.title, width)} {block.done}/{block.total}",
                       style=STYLES[block.state], no_wrap=True, overflow="ellipsis")
            if index == self.selected:
                row.stylize("reverse")
            rows.append(row)
        rows.extend([Text(""), Text(t("dash.legend"), style="dim")])
        return Text("\n").join(rows)
