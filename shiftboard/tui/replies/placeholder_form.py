"""Ask for the placeholders a script needs that neither the case nor the config filled."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from shiftboard.i18n import catalogue, join, language, t
from shiftboard.tui.modals import Dialog


def field_label(name: str) -> str:
    """The agent's word for a placeholder; a team's own placeholder shows its name."""
    key = f"replies.field.{name}"
    return t(key) if key in catalogue(language()) else name


class PlaceholderForm(Dialog):
    """One input per missing placeholder; returns {name: value} with none left empty."""

    DEFAULT_CSS = """
    PlaceholderForm > Vertical { width: 60; overflow-y: auto; }
    PlaceholderForm Input { margin-bottom: 0; }
    PlaceholderForm .field { color: $text-muted; }
    """

    def __init__(self, title: str, names: list[str]) -> None:
        super().__init__()
        self.script_title, self.names = title, names

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(t("replies.form_title", title=self.script_title), classes="title")
            for name in self.names:
                yield Label(field_label(name), classes="field")
                yield Input(id=f"field-{name}")
            yield Label("", id="error", classes="error")
            yield Label(t("replies.form_hint"), classes="hint")

    def _inputs(self) -> list[Input]:
        return [self.query_one(f"#field-{name}", Input) for name in self.names]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next empty field; on a full form it answers."""
        event.stop()
        inputs = self._inputs()
        empty = [i for i in inputs if not i.value.strip()]
        if not empty:
            self.dismiss({name: i.value.strip() for name, i in zip(self.names, inputs)})
            return
        after = [i for i in empty if inputs.index(i) > inputs.index(event.input)]
        if event.input.value.strip() and after:
            after[0].focus()
            return
        labels = join(field_label(n) for n, i in zip(self.names, inputs) if i in empty)
        self.query_one("#error", Label).update(t("replies.still_empty", names=labels))
        empty[0].focus()
