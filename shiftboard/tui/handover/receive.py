"""Receive the handovers waiting for this shift: read, write a read-back or questions,
acknowledge (name + time). Escape leaves them waiting; the dashboard keeps its banner."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from shiftboard.domain.handover.model import parse_time
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.tui.drafts import KeepsDrafts
from shiftboard.tui.handover.parts import UNMASK_KEY, HandoverDocument, Unmasking
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import HELP_KEY, Key, KeyedScreen, localize

KEYS = (
    Key("ctrl+s", "acknowledge", "keys.acknowledge", display="^s", priority=True),
    Key("pageup", "scroll(-1)", "keys.scroll_up", show=False),
    Key("pagedown", "scroll(1)", "keys.scroll_down", show=False),
    UNMASK_KEY,
    HELP_KEY,
    Key("escape", "later", "keys.later", display="Esc"),
)


class HandoverReceive(Unmasking, KeepsDrafts, KeyedScreen, Screen):
    """One waiting handover after the other; when none is left the screen closes."""

    HELP_NOTES = "handover.ui.receive_help"

    DEFAULT_CSS = """
    HandoverReceive #head { height: 1; background: $warning; color: $text; padding: 0 1; text-style: bold; }
    HandoverReceive #read-back-label { margin: 0 1; color: $text-muted; }
    HandoverReceive #read-back { margin: 0 1; }
    HandoverReceive #hint { margin: 0 1; color: $text-muted; }
    """

    def __init__(self, records: list[dict]) -> None:
        super().__init__()
        localize(self, KEYS)
        self.records = list(records)
        self.index = 0
        self.service = None

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield HandoverDocument(id="document")
        yield Label(t("handover.ui.read_back"), id="read-back-label")
        yield Input(id="read-back", placeholder=t("handover.ui.read_back_placeholder"))
        yield Label(t("handover.ui.read_back_hint"), id="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.service = self.app.handovers()
        self._show()
        self.query_one("#read-back", Input).focus()
        self.start_drafts()

    @property
    def draft_place(self) -> str | None:
        """The read-back of the handover on screen (None once the last one is acknowledged)."""
        return f"read_back:{self.record['id']}" if self.records else None

    @property
    def record(self) -> dict:
        return self.records[self.index]

    def _show(self) -> None:
        record = self.record
        self.query_one("#head", Static).update(t(
            "handover.ui.receive_title", n=self.index + 1, count=len(self.records), agent=record["from"],
            shift=record["shift_title"], date=record["date"],
            at=parse_time(record["signed"]["at"]).strftime("%m-%d %H:%M")))
        self.query_one(HandoverDocument).show(record, unmask=self.unmasked)

    def shown_record(self) -> dict:
        return self.record

    def show_record(self, record: dict) -> None:
        self._replace(record)

    def _replace(self, record: dict) -> None:
        """Show the handover as stored after our write (others' read-backs included)."""
        self.records[self.index] = record
        if self.is_attached:
            self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter posts the read-back or question without acknowledging."""
        text, hid = event.value.strip(), self.record["id"]
        if not text:
            return
        self.drop_draft()
        event.input.value = ""
        self.app.submit(lambda: self.service.read_back(hid, text), self._posted)

    def _posted(self, record: dict) -> None:
        self.app.notify(t("handover.ui.read_back_posted", agent=record["from"]))
        self._replace(record)

    def action_acknowledge(self) -> None:
        """Acknowledge with what is typed, or with the read-back already posted (the rule is
        the domain's: `receive`); the text stays in the field until the write succeeded."""
        text, hid = self.query_one("#read-back", Input).value.strip(), self.record["id"]
        self.app.submit(lambda: self.service.acknowledge(hid, text), self._acknowledged, self._refused)

    def _refused(self, error: ShiftboardError) -> None:
        from shiftboard.render.messages import message  # not needed until something fails

        if self.is_attached:
            self.query_one("#hint", Label).update(message(error))
            self.query_one("#read-back", Input).focus()

    def _acknowledged(self, record: dict) -> None:
        self.app.notify(t("handover.ui.acked", agent=record["from"]))
        if not self.is_attached:
            return
        self.drop_draft()
        self.query_one("#read-back", Input).value = ""
        self.query_one("#hint", Label).update(t("handover.ui.read_back_hint"))
        del self.records[self.index]
        self.unmasked = False  # the next handover's unmasking is recorded on its own
        if not self.records:
            self.dismiss(True)
            return
        self.index = min(self.index, len(self.records) - 1)
        self._show()

    def action_scroll(self, step: int) -> None:
        document = self.query_one(HandoverDocument)
        (document.scroll_page_down if step > 0 else document.scroll_page_up)()

    def action_later(self) -> None:
        self.dismiss(False)

    def relabel(self) -> None:
        localize(self, KEYS)
