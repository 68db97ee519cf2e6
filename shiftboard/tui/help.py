"""F1 / ?: every key of the screen, what the states mean, where the data lives."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from shiftboard.i18n import t
from shiftboard.tui.keys import Key, shown_key
from shiftboard.tui.modals import Dialog


class HelpScreen(Dialog):
    DEFAULT_CSS = """
    HelpScreen > VerticalScroll { width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1; }
    """

    def __init__(self, keys: tuple[Key, ...], notes: str = "help.states") -> None:
        super().__init__()
        self.keys, self.notes = keys, notes

    def compose(self) -> ComposeResult:
        rows = [(shown_key(spec), t(spec.label)) for spec in self.keys]
        rows += [("ctrl+p", t("keys.palette")), ("ctrl+q", t("keys.quit"))]
        # Plain lines, not a Rich table: a table is measured anew at every layout pass (~500
        # renders, most of the ~300 ms help took to open).
        width = max(cell_len(key) for key, _ in rows) + 2
        keys = Text()
        for key, label in rows:
            keys.append(key, style="bold").append(" " * (width - cell_len(key)) + label + "\n")
        keys.rstrip()
        with VerticalScroll():
            yield Label(t("help.title"), classes="title")
            yield Static(keys)
            yield Static("\n" + t(self.notes))
            yield Label(t("help.close"), classes="hint")
