"""The blocks of the shift, one line each: time box, title, state and progress."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from shiftboard.render import fmt
from shiftboard.domain.shift.run import BlockState, ShiftView
from shiftboard.i18n import t

SIGNS = {BlockState.DONE: "✓", BlockState.CURRENT: "▶", BlockState.UPCOMING: "·",
         BlockState.OVERDUE: "!"}
STYLES = {BlockState.DONE: "green", BlockState.CURRENT: "bold", BlockState.UPCOMING: "dim",
          BlockState.OVERDUE: "bold red"}


class Timeline(Static):
    """Read-only; ←/→ on the dashboard choose which block the checklist shows."""

    DEFAULT_CSS = """
    Timeline { width: 36; height: 1fr; border: round $primary-darken-1; padding: 0 1;
               text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.view: ShiftView | None = None
        self.selected = 0
        """Index of the block the checklist shows (outlined)."""
        self._said: tuple = ()

    def show(self, view: ShiftView, selected: int) -> None:
        """Repaint only when a row would change (a teammate's note changes none)."""
        self.view, self.selected = view, selected
        said = (selected, tuple((b.state, b.done, b.total, b.start, b.end, b.block.title) for b in view.blocks))
        if said != self._said:
            self._said = said
            self.refresh()

    def render(self) -> Text:
        if self.view is None:
            return Text()
        self.border_title = t("dash.timeline")
        width = max(len(f"{b.done}/{b.total}") for b in self.view.blocks)
        rows = []
        for index, block in enumerate(self.view.blocks):
            progress = f"{block.done}/{block.total}".rjust(width)
            row = Text(f"{SIGNS[block.state]} {fmt.span(block.start, block.end)} {progress} "
                       f"{block.block.title}", style=STYLES[block.state])
            if index == self.selected:
                row.stylize("reverse")
            rows.append(row)
        rows.append(Text(""))
        rows.extend(Text(line, style="dim") for line in t("dash.legend").split("\n"))
        # Long titles end in "…" rather than wrap: one line per block keeps the timeline readable.
        return Text("\n", no_wrap=True, overflow="ellipsis").join(rows)
