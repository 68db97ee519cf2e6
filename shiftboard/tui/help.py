"""F1 / ?: every key of the screen, what the states mean, where the data lives."""

from __future__ import annotations

from rich.table import Table
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
        table = Table.grid(padding=(0, 2))
        for spec in self.keys:
            table.add_row(f"[bold]{shown_key(spec)}[/]", t(spec.label))
        table.add_row("[bold]ctrl+p[/]", t("keys.palette"))
        table.add_row("[bold]ctrl+q[/]", t("keys.quit"))
        with VerticalScroll():
            yield Label(t("help.title"), classes="title")
            yield Static(table)
            yield Static("\n" + t(self.notes))
            yield Label(t("help.close"), classes="hint")
