"""The top line: which shift, which date, who is on duty, and the clock."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from shiftboard.render import fmt
from shiftboard.domain.shift.run import ShiftView
from shiftboard.i18n import t


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { dock: top; height: 1; background: $primary; color: $text; padding: 0 1; }
    """

    agent: reactive[str] = reactive("")

    def __init__(self) -> None:
        super().__init__()
        self.view: ShiftView | None = None
        """The shift on screen; its `now` is the clock shown."""
        self.following = True
        """False when the agent looks at another date or shift than the one under way."""
        self._said: tuple = ()

    def show(self, view: ShiftView, following: bool) -> None:
        """Repaint only when the line would say something else: a teammate's tick changes
        the run, not this line, and each repaint is a frame sent to a served browser."""
        self.view, self.following = view, following
        said = (view.shift.title, view.date, following, self._clock(view))
        if said != self._said:
            self._said = said
            self.refresh()

    def _clock(self, view: ShiftView) -> str:
        return view.now.strftime("%H:%M" if getattr(self.app, "served", False) else "%H:%M:%S")

    def render(self) -> Text:
        view = self.view
        if view is None:
            return Text("shiftboard")
        line = Text()
        line.append(f"│ {view.shift.title} · {view.date.to_date_string()} {fmt.weekday(view.start)} ")
        if not self.following:
            line.append(t("dash.not_today"), style="reverse")
            line.append(" ")
        line.append(f"│ {t('dash.agent', agent=self.agent or '-')} ")
        if getattr(self.app, "signed_in", False):  # in a browser: how to leave, beside who signed in
            line.append(f"· ^o {t('keys.sign_out')} ", style="italic")
        clock = self._clock(view)
        # The clock always shows: the name goes first when the line is too long, then the
        # line is cut with "…" before the clock.
        room = self.size.width - 2 - len(clock) - 1
        if line.cell_len + len("shiftboard ") <= room:
            line = Text.assemble(("shiftboard ", "bold"), line)
        elif room > 0:
            line.truncate(room, overflow="ellipsis")
        line.append(" " * max(1, room + 1 - line.cell_len))
        line.append(clock, style="bold")
        return line
