"""The reply library: type a few letters, pick a script, `enter` copies it filled in.

Open it from anywhere with `app.push_screen(ReplyLibrary(service, context), callback)`;
it dismisses with the copied text, or None when closed. `context` holds what the current case
knows (`buyer`, `order_no`, …); greeting, shop and agent come from the service. Whatever is
still empty is asked for before copying: a reply with an empty placeholder is never copied.
The filled reply is checked for forbidden phrases before it goes out: a hit shows its rule and
a better wording, and `enter` again copies anyway (counted as a flagged copy).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from shiftboard.domain.replies.library import Category, Script, UnfilledPlaceholders, segments
from shiftboard.domain.replies.search import Hit
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import join, t
from shiftboard.render.messages import message
from shiftboard.services.replies import ReplyFileInvalid, ReplyService
from shiftboard.tui.keys import Key, localize
from shiftboard.tui.replies.check import findings
from shiftboard.tui.replies.placeholder_form import PlaceholderForm, field_label

KEYS = (
    Key("escape", "close", "replies.close", display="Esc"),
    Key("enter", "copy", "replies.copy", show=True),
    Key("down", "move(1)", "replies.move", show=False),
    Key("up", "move(-1)", "replies.move", show=False),
)

Groups = list[tuple[Category, list[Hit]]]


class ReplyLibrary(ModalScreen[str | None]):
    """Search, preview and copy reply scripts; returns the copied text or None."""

    DEFAULT_CSS = """
    ReplyLibrary { align: center middle; }
    ReplyLibrary > Vertical {
        width: 96%; max-width: 110; height: 96%; max-height: 36;
        border: round $accent; background: $panel; padding: 0 1;
        border-title-style: bold; border-subtitle-color: $text-muted;
    }
    ReplyLibrary #query { margin: 0; }
    ReplyLibrary #results { height: 1fr; border: none; padding: 0; background: $panel; }
    ReplyLibrary #results > .option-list--option-disabled { color: $accent; text-style: bold; }
    ReplyLibrary #preview {
        height: auto; max-height: 7; border-top: solid $primary-darken-2; overflow-y: auto;
    }
    ReplyLibrary #needs { color: $warning; height: 1; }
    ReplyLibrary .hint { color: $text-muted; height: 1; }
    """

    def __init__(self, service: ReplyService, context: Mapping[str, object] | None = None) -> None:
        super().__init__()
        self.service = service
        self.extra = dict(context or {})
        self.values: dict[str, str] = {}
        self.scripts: dict[str, Script] = {}
        self._told: ShiftboardError | None = None  # the file problem already reported
        self._flagged: str | None = None  # the filled reply whose forbidden phrases were shown
        localize(self, KEYS)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = t("replies.title")
            yield Input(placeholder=t("replies.search"), id="query")
            yield OptionList(id="results")
            yield Static(id="preview")
            yield Label("", id="needs")
            yield Label(t("replies.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self.search("")

    # -- searching ---------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "query":
            self.search(event.value)

    @work(thread=True, exclusive=True, group="reply-search")
    def search(self, query: str) -> None:
        """Off the UI thread: the first search loads the files and builds the pinyin index."""
        try:
            groups = self.service.grouped(query)
            values = self.service.context(self.extra)
        except ShiftboardError as error:
            self.app.call_from_thread(self._failed, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, query, groups, values)

    def _failed(self, error: ShiftboardError) -> None:
        self.app.notify(message(error), severity="error", timeout=8)
        self.dismiss(None)

    def _show(self, query: str, groups: Groups, values: dict[str, str]) -> None:
        self.values = values
        self.scripts = {h.script.id: h.script for _c, hits in groups for h in hits}
        box = self.query_one(Vertical)
        box.border_subtitle = t("replies.greeting_now", greeting=values.get("greeting", ""))
        self._tell_problem()
        results = self.query_one("#results", OptionList)
        results.clear_options()
        for category, hits in groups:
            results.add_option(Option(category.title, id=f"category:{category.id}", disabled=True))
            results.add_options(Option(self._label(h), id=h.script.id) for h in hits)
        if groups:
            results.highlighted = 1  # the best hit, under its category
        else:
            self.query_one("#preview", Static).update(t("replies.nothing", query=query))
            self.query_one("#needs", Label).update("")

    def _tell_problem(self) -> None:
        """Once per broken edit: the team's file has problems, the last good scripts are in use."""
        problem = self.service.problem
        if problem is None or problem is self._told:
            return
        self._told = problem
        if isinstance(problem, ReplyFileInvalid):
            text = t("replies.reload_failed", file=str(problem.path), count=len(problem.problems))
        else:
            text = t(problem.key, **problem.params)
        self.app.notify(text, severity="warning", timeout=8)

    def _label(self, hit: Hit) -> Text:
        label = Text("  " + hit.script.title)
        if hit.uses:
            label.append("  " + t("replies.uses", count=hit.uses), style="dim")
        return label

    # -- choosing ----------------------------------------------------------------------

    def _current(self) -> Script | None:
        option = self.query_one("#results", OptionList).highlighted_option
        return self.scripts.get(option.id) if option is not None and option.id else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        script = self._current()
        if script is None:
            return
        self.query_one("#preview", Static).update(preview(script, self.values))
        empty = self.service.missing(script, self.values)
        needs = t("replies.needs", names=join(field_label(n) for n in empty)) if empty else ""
        self.query_one("#needs", Label).update(needs)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_copy()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_copy()

    def action_move(self, step: int) -> None:
        results = self.query_one("#results", OptionList)
        (results.action_cursor_down if step > 0 else results.action_cursor_up)()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        script = self._current()
        if script is None:
            return
        empty = self.service.missing(script, self.values)
        if not empty:
            self._copy(script, self.values)
            return

        def filled(answers: dict[str, str] | None) -> None:
            if answers is not None:
                self.values.update(answers)  # kept: `enter` again after a flagged reply asks no more
                self._copy(script, self.values)

        self.app.push_screen(PlaceholderForm(script.title, empty), filled)

    def _copy(self, script: Script, values: Mapping[str, str]) -> None:
        try:
            text = self.service.fill(script, values)
        except UnfilledPlaceholders as error:
            names = join(field_label(n) for n in error.names)
            self.app.notify(t("replies.still_empty", names=names), severity="error")
            return
        flagged = self.service.check(text)
        if flagged and self._flagged != text:
            self._flagged = text
            self.query_one("#preview", Static).update(findings(text, flagged))
            self.query_one("#needs", Label).update(t("words.copy_anyway"))
            return
        self.app.copy_to_clipboard(text)
        self.app.notify(t("replies.copied", title=script.title))
        # counted off the UI thread (it takes the file lock), and by the app: this screen closes now
        self.app.run_worker(lambda: self.service.count_use(script, flagged), thread=True, group="reply-usage")
        self.dismiss(text)


def preview(script: Script, values: Mapping[str, str]) -> Text:
    """The script as it will be copied: known values in bold, empty placeholders marked."""
    shown = Text()
    for literal, name in segments(script.text):
        shown.append(literal)
        if name and values.get(name):
            shown.append(values[name], style="bold")
        elif name:
            shown.append("{" + field_label(name) + "}", style="bold reverse yellow")
    return shown
