"""Small typed dialogs: each returns its answer (or None when cancelled) on dismiss."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from shiftboard.i18n import t
from shiftboard.tui.drafts import KeepsDrafts


class Dialog(KeepsDrafts, ModalScreen):
    """A centred box; Escape cancels (dismisses with None). What is typed in its fields is
    drafted to disk and offered back next time (`KeepsDrafts`), dropped once answered."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    Dialog .title { text-style: bold; margin-bottom: 1; }
    Dialog .hint { color: $text-muted; }
    Dialog .error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", show=False)]
    title_text = ""
    place: str | None = None  # what the dialog is about, when its title does not say it

    @property
    def draft_place(self) -> str | None:
        """The dialog, what it asks and what its fields opened with: a draft of a new action
        is not offered into the edit of another."""
        if self._draft_start is None or not self._draft_start:
            return None
        return self.place or "|".join([type(self).__name__, self.title_text, *self._draft_start.values()])[:300]

    def on_mount(self) -> None:
        self.start_drafts()

    def dismiss(self, result=None):
        if result is None:
            self.write_draft()  # cancelled: what was typed is kept for next time
        else:
            self.drop_draft()
        return super().dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPrompt(Dialog):
    """Ask for one line of text (a skip reason, a note). `required`: empty is refused;
    `check` says what is wrong with an answer (or None): the dialog then stays open with
    what was typed, the problem under the field."""

    def __init__(self, title: str, hint: str = "", required: bool = False, value: str = "",
                 place: str | None = None, check: Callable[[str], str | None] | None = None) -> None:
        super().__init__()
        self.title_text, self.hint, self.required, self.value, self.place = title, hint, required, value, place
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield Input(value=self.value, id="answer")
            yield Label(self.hint or t("dialog.enter_escape"), classes="hint")
            yield Label("", id="error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        problem = t("dialog.required") if self.required and not text else None
        if problem is None and text and self.check is not None:
            problem = self.check(text)
        if problem:
            self.query_one("#error", Label).update(problem)
            self.query_one("#answer", Input).add_class("-invalid")
            return
        self.dismiss(text)

    def on_input_changed(self) -> None:
        self.query_one("#error", Label).update("")
        self.query_one("#answer", Input).remove_class("-invalid")


class Choice(Dialog):
    """Pick one of a few options; returns the chosen option's id."""

    def __init__(self, title: str, options: list[tuple[str, str]], selected: str | None = None) -> None:
        super().__init__()
        self.title_text, self.options, self.selected = title, options, selected

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield OptionList(*(Option(label, id=key) for key, label in self.options))
            yield Label(t("dialog.pick_hint"), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [key for key, _ in self.options]
        options.highlighted = ids.index(self.selected) if self.selected in ids else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
