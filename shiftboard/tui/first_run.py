"""Asked once, on the first start: who is on duty, and in which language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioSet

from shiftboard.i18n import t
from shiftboard.tui.modals import Dialog
from shiftboard.tui.toggles import StateRadioButton


class FirstRun(Dialog):
    """Returns (agent name, language) to be stored in the config."""

    def __init__(self, agent: str, lang: str) -> None:
        super().__init__()
        self.agent, self.lang = agent, lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(t("first_run.title"), classes="title")
            yield Label(t("first_run.name"))
            yield Input(value=self.agent, id="agent")
            yield Label(t("first_run.language"))
            with RadioSet(id="lang"):
                yield StateRadioButton("中文", value=self.lang == "zh-CN", id="zh-CN")
                yield StateRadioButton("English", value=self.lang != "zh-CN", id="en")
            yield Label(t("first_run.hint", agent=self.agent), classes="hint")
            yield Label("", id="error", classes="error")

    def on_radio_set_changed(self) -> None:
        # Back to the name field, so Enter finishes (in the radio set Enter only picks).
        self.query_one("#agent", Input).focus()

    def on_input_submitted(self) -> None:
        name = self.query_one("#agent", Input).value.strip()
        if not name:
            self.query_one("#error", Label).update(t("dialog.required"))
            return
        pressed = self.query_one(RadioSet).pressed_button
        self.dismiss((name, pressed.id if pressed else self.lang))
