"""Past handovers: search by words, date, shift or agent; the highlighted one on the right.

The search opens the history files, so it runs off the UI thread (the newest query wins).
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from shiftboard.i18n import join, t
from shiftboard.tui.handover.parts import UNMASK_KEY, HandoverDocument, Unmasking
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import HELP_KEY, Key, KeyedScreen, localize

KEYS = (UNMASK_KEY, Key("escape", "back", "keys.back", display="Esc"), HELP_KEY)
#: Never more rows in the list than this (a long history must not slow the screen).
PAGE = 200


def row(record: dict) -> str:
    """`2026-11-23 Day shift · Li · watch · ✓ Wang`"""
    signed, acks = record.get("signed"), record.get("acks", ())
    state = "✓ " + join(a["by"] for a in acks) if acks else ("✎" if not signed else "…")
    return (f"{record['date']} {record['shift_title']} · {record['from']} · "
            f"{t('handover.status.' + record['notes']['status'])} · {state}")


class HandoverHistory(Unmasking, KeyedScreen, Screen):
    HELP_NOTES = "handover.ui.history_help"
    DEFAULT_CSS = """
    HandoverHistory #side { width: 46; }
    HandoverHistory #search { margin: 0 0 0 0; }
    HandoverHistory #found { height: 1fr; border: round $accent; }
    HandoverHistory #count { color: $text-muted; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        localize(self, KEYS)
        self.found: list[dict] = []

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="side"):
                yield Input(id="search", placeholder=t("handover.ui.history_search"))
                yield OptionList(id="found")
                yield Label("", id="count")
            yield HandoverDocument(id="document")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#found").border_title = t("keys.handover_history")
        self.query_one("#search", Input).focus()
        self.search("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @work(thread=True, exclusive=True, group="handover-history")
    def search(self, text: str) -> None:
        found = self.app.handovers().search(text)[:PAGE]
        self.app.call_from_thread(self._found, found)

    def _found(self, found: list[dict]) -> None:
        self.found = found
        options = self.query_one("#found", OptionList)
        options.clear_options()
        options.add_options([Option(row(r), id=r["id"]) for r in found])
        self.query_one("#count", Label).update(t("handover.ui.history_count", count=len(found)))
        if found:
            options.highlighted = 0
        else:
            self.query_one("#document", HandoverDocument).show_text(t("handover.ui.history_empty"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.unmasked = False  # each handover unmasked is recorded in its own timeline
        self.query_one("#document", HandoverDocument).show(self.found[event.option_index])

    def shown_record(self) -> dict | None:
        index = self.query_one("#found", OptionList).highlighted
        return self.found[index] if index is not None and index < len(self.found) else None

    def show_record(self, record: dict) -> None:
        self.found = [record if r["id"] == record["id"] else r for r in self.found]
        self.query_one("#document", HandoverDocument).show(record, unmask=self.unmasked)

    def on_input_submitted(self) -> None:
        self.query_one("#found", OptionList).focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def relabel(self) -> None:
        localize(self, KEYS)
