"""A lead's view of the audit trail: the newest changes first, filtered by agent, case and
date as the lead types (`Li`, `01M8S2…`, `2026-11-23`, or several, separated by spaces)."""

from __future__ import annotations

import re

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input

from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.render import audit as said
from shiftboard.sanitize import visible
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import Key, KeyedScreen, localize

KEYS = (Key("escape", "back", "keys.back", display="Esc"),)
PAGE = 500
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RECORD = re.compile(r"^[0-9A-Z]{6,26}$")


def parse_filter(text: str) -> dict:
    """`Li 2026-11-23` → agent Li on that day; a ULID-like word is a case; one date is that
    day, two dates a range."""
    wanted: dict = {}
    days = []
    for word in text.split():
        if DAY.match(word):
            days.append(word)
        elif RECORD.match(word):
            wanted["record"] = word
        else:
            wanted["agent"] = word
    if days:
        wanted["since"], wanted["until"] = min(days), max(days)
    return wanted


class AuditScreen(KeyedScreen, Screen):
    DEFAULT_CSS = """
    AuditScreen #trail { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        localize(self, KEYS)

    def compose(self) -> ComposeResult:
        yield Input(id="filter", placeholder=t("audit.ui.filter_hint"))
        yield DataTable(id="trail", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#trail", DataTable)
        table.add_columns(*(t(f"audit.ui.{name}") for name in ("at", "agent", "session", "record", "changes")))
        self.query_one("#filter").focus()
        self.load("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.load(event.value)

    @work(thread=True, exclusive=True, group="audit")
    def load(self, text: str) -> None:
        from shiftboard.services.audit import entries

        try:
            found = entries(self.app.store, limit=PAGE, **parse_filter(text))
        except ShiftboardError as error:
            self.app.call_from_thread(self.app.report, error)
            return
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[dict]) -> None:
        table = self.query_one("#trail", DataTable)
        table.clear()
        for entry in reversed(found):
            short = {**entry, "record": str(entry.get("record", ""))[-12:]}
            table.add_row(str(entry.get("at", ""))[5:16].replace("T", " "), visible(said.who(entry)),
                          visible(str(entry.get("session", ""))), visible(said.record(short)),
                          visible(said.changes(entry)))

    def action_back(self) -> None:
        self.app.pop_screen()
