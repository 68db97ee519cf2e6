"""Ask for a text that goes out to the buyer (a case note marked as a reply), checked for
forbidden phrases before it is taken: a hit shows the rule and a better wording under the box,
and `enter` again on the same text takes it anyway — the caller records that it was flagged."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, Static

from shiftboard.domain.replies.forbidden import Match
from shiftboard.i18n import t
from shiftboard.tui.modals import TextPrompt
from shiftboard.tui.replies.check import findings


class CheckedPrompt(TextPrompt):
    """Returns (text, the hits the agent overrode), or None when cancelled."""

    DEFAULT_CSS = """
    CheckedPrompt #findings { height: auto; max-height: 10; }
    """

    def __init__(self, title: str, check: Callable[[str], list[Match]], place: str | None = None) -> None:
        super().__init__(title, required=True, place=place)
        self.check = check
        self._warned: str | None = None  # the text whose hits were already shown

    def on_mount(self) -> None:
        self.query_one("Vertical").mount(Static(id="findings"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return  # TextPrompt's own handler refuses an empty answer
        event.prevent_default()  # this handler answers, not TextPrompt's
        event.stop()
        matches = self.check(text)
        if matches and self._warned != text:
            self._warned = text
            self.query_one("#findings", Static).update(findings(text, matches))
            self.query_one("#error", Static).update(t("words.note_anyway"))
            return
        self.dismiss((text, matches))
