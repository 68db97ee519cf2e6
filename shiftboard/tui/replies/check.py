"""The forbidden-phrase check: type or paste a draft, see what breaks the five don'ts.

Open it with `app.push_screen(ReplyCheck(service, draft), callback)`. The draft is checked
as it is typed; each hit is shown in its sentence, highlighted, with the rule it breaks and
a better wording. `ctrl+s` copies the draft (a draft with hits only on a second press) and
dismisses with it; `esc` dismisses with None.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from shiftboard.domain.replies.forbidden import Match
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.render.messages import message
from shiftboard.services.replies import ReplyService
from shiftboard.tui.keys import Key, localize

KEYS = (
    Key("escape", "close", "reply_check.close", display="Esc"),
    Key("ctrl+s", "copy", "reply_check.copy", priority=True),
)

#: Characters of context shown on each side of a hit.
CONTEXT = 12
MARK = "bold reverse red"


class ReplyCheck(ModalScreen[str | None]):
    """A draft box and, under it, every forbidden phrase in the draft."""

    DEFAULT_CSS = """
    ReplyCheck { align: center middle; }
    ReplyCheck > Vertical {
        width: 96%; max-width: 110; height: 96%; max-height: 36;
        border: round $accent; background: $panel; padding: 0 1;
        border-title-style: bold;
    }
    ReplyCheck #draft { height: 7; }
    ReplyCheck #findings-box { height: 1fr; }
    ReplyCheck .hint { color: $text-muted; height: 1; }
    """

    def __init__(self, service: ReplyService, draft: str = "") -> None:
        super().__init__()
        self.service, self.draft = service, draft
        self.matches: list[Match] = []
        self._warned = False  # the agent was told the draft still has hits
        localize(self, KEYS)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = t("reply_check.title")
            yield TextArea(self.draft, id="draft", soft_wrap=True, show_line_numbers=False,
                           placeholder=t("reply_check.empty"))
            with VerticalScroll(id="findings-box"):
                yield Static(id="findings")
            yield Label(t("reply_check.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#draft", TextArea).focus()
        self._check(self.draft)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._warned = False
        self._check(event.text_area.text)

    def _check(self, draft: str) -> None:
        try:
            self.matches = self.service.check(draft)
        except ShiftboardError as error:
            self.app.notify(message(error), severity="error", timeout=8)
            self.dismiss(None)
            return
        self.query_one("#findings", Static).update(findings(draft, self.matches))

    def action_copy(self) -> None:
        text = self.query_one("#draft", TextArea).text
        if not text.strip():
            return
        if self.matches and not self._warned:
            self._warned = True
            self.app.notify(t("reply_check.copy_anyway"), severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.app.notify(t("reply_check.copied"))
        self.dismiss(text)

    def action_close(self) -> None:
        self.dismiss(None)


def findings(draft: str, matches: list[Match]) -> Text:
    """What the check found: each hit in its context, its rule, and what to say instead."""
    if not draft.strip():
        return Text(t("reply_check.empty"), style="dim")
    if not matches:
        return Text(t("reply_check.clean"), style="bold green")
    shown = Text(t("reply_check.found", count=len(matches)) + "\n", style="bold")
    for match in matches:
        before, _, after = t("reply_check.match", text="\0", rule=match.rule.title).partition("\0")
        shown.append("\n" + before)
        shown.append_text(in_context(draft, match))
        shown.append(after + "\n")
        shown.append("  " + t("reply_check.suggest", suggestion=match.suggestion) + "\n", style="green")
    return shown


def in_context(draft: str, match: Match) -> Text:
    """The hit inside a few characters of its own line, highlighted."""
    line_start = draft.rfind("\n", 0, match.start) + 1
    line_end = draft.find("\n", match.end)
    line_end = len(draft) if line_end < 0 else line_end
    start, end = max(line_start, match.start - CONTEXT), min(line_end, match.end + CONTEXT)
    shown = Text("…" if start > line_start else "")
    shown.append(draft[start:match.start])
    shown.append(draft[match.start:match.end], style=MARK)
    shown.append(draft[match.end:end] + ("…" if end < line_end else ""))
    return shown
