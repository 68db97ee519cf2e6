"""Pieces the handover screens share: the service for the app's agent, the document as it
reads when signed (masked), a yes/no question, and a small form of a few fields."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label

from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.render.messages import message
from shiftboard.tui.keys import Key
from shiftboard.tui.modals import Dialog


class HandoverDocument(VerticalScroll, can_focus=True):
    """The handover as the team will read it, buyers' data masked unless asked: the agent's part
    and the counts first, each list folded under its title and count (Enter on it unfolds),
    then what came after signing."""

    DEFAULT_CSS = """
    HandoverDocument { height: 1fr; border: round $accent; padding: 0 1; }
    HandoverDocument:focus { border: round $accent-lighten-2; }
    HandoverDocument Markdown { margin: 0; padding: 0; }
    HandoverDocument MarkdownH2 { margin: 0 0 1 0; }
    HandoverDocument MarkdownH3 { margin: 1 0 0 0; }
    HandoverDocument Collapsible { padding: 0; border-top: none; }
    """

    #: (Markdown before the lists, [(title, lines)] folded, Markdown after): shown once composed
    #: (a document mounted late) and again at every `show`.
    _parts: tuple[str, list[tuple[str, list[str]]], str] = ("", [], "")

    def compose(self) -> ComposeResult:
        yield from self._widgets()

    def _widgets(self):
        # Imported here, not at the top: the dashboard's handover banner imports this module
        # before the first paint, and the Markdown widget (markdown-it, pygments) costs ~30 ms.
        from rich.text import Text
        from textual.widgets import Collapsible, Markdown, Static

        top, lists, after = self._parts
        yield Markdown(top)
        for title, lines in lists:
            yield Collapsible(Static(Text("\n".join(f"- {line}" for line in lines)), classes="lines"), title=title,
                              collapsed=True)
        if after.strip():
            yield Markdown(after)

    def show(self, record: dict, unmask: bool = False) -> None:
        from shiftboard.domain.handover.render import document

        self._set(document(record, t, unmask))

    def show_text(self, markdown: str) -> None:
        self._set((markdown, [], ""))

    def _set(self, parts: tuple[str, list[tuple[str, list[str]]], str]) -> None:
        if parts == self._parts:
            return
        self._parts = parts
        if self.is_mounted:
            self.remove_children()
            self.mount_all(list(self._widgets()))


#: The key of `Unmasking`, for a screen's KEYS.
UNMASK_KEY = Key("ctrl+u", "unmask", "handover_view.unmask", display="^u", priority=True)


class Unmasking:
    """`^u` on a screen showing a handover (mixin for a Screen): buyers' data in full, recorded
    in the handover's timeline first, as `--unmask` is; `^u` again masks. The screen gives
    `shown_record()` (the handover on screen, or None) and `show_record(record)` (show it,
    as stored after the write, masked or not as `unmasked` says)."""

    unmasked = False

    def action_unmask(self) -> None:
        record = self.shown_record()
        if record is None:
            return
        if self.unmasked:
            self.unmasked = False
            self.show_record(record)
            return
        service = self.app.handovers()
        self.app.submit(lambda: service.unmasked([record], "screen")[0], self._unmasked)

    def _unmasked(self, record: dict) -> None:
        if not self.is_attached:
            return
        self.unmasked = True
        self.show_record(record)
        self.app.notify(t("handover_view.unmasked"))


class Confirm(Dialog):
    """A yes/no question: `y` answers yes; `n` or Escape, no (dismisses with None)."""

    DEFAULT_CSS = "Confirm Label { width: 100%; }"
    BINDINGS = [Binding("y", "yes", show=False), Binding("n", "cancel", show=False)]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        self.question, self.yes = question, yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, classes="title")
            yield Label(t("handover.ui.confirm_keys", yes=self.yes), classes="hint")

    def action_yes(self) -> None:
        self.dismiss(True)


#: (field name, label, value) of one input of a FieldsDialog.
Field = tuple[str, str, str]


class FieldsDialog(Dialog):
    """A few one-line fields; Enter (or Tab) moves on, and Enter on the last one saves.

    Enter is a priority key here, as Tab is everywhere (the app's bindings): handled as it
    arrives, so the keys typed right after it land in the next field, not in the one the
    Input's own Submitted message would have left focused until it was processed.

    `check` turns the typed values into what is stored, or raises ShiftboardError, whose
    message is shown under the fields while the dialog stays open with the input kept.
    """

    BINDINGS = [Binding("enter", "next_field", show=False, priority=True)]

    def __init__(self, title: str, fields: list[Field], check: Callable[[dict], dict]) -> None:
        super().__init__()
        self.title_text, self.fields, self.check = title, fields, check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            for name, label, value in self.fields:
                yield Label(label)
                yield Input(value=value, id=name)
            yield Label(t("handover.ui.fields_hint"), classes="hint")
            yield Label("", id="error", classes="error")

    def _position(self) -> int:
        names = [name for name, _, _ in self.fields]
        focused = self.focused
        return names.index(focused.id) if focused is not None and focused.id in names else -1

    def action_next_field(self) -> None:
        position = self._position()
        if position + 1 < len(self.fields):
            # set at once, not at the next idle as Widget.focus() does: the keys behind Enter
            self.screen.set_focus(self.query_one(f"#{self.fields[position + 1][0]}", Input))
        else:
            self._save()

    def _save(self) -> None:
        names = [name for name, _, _ in self.fields]
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in names}
        try:
            self.dismiss(self.check(values))
        except ShiftboardError as error:
            self.query_one("#error", Label).update(message(error))
