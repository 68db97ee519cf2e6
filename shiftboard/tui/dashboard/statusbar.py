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

    view: reactive[ShiftView | None] = reactive(None, always_update=True)
    """The shift on screen; its `now` is the clock shown."""
    agent: reactive[str] = reactive("")
    following: reactive[bool] = reactive(True)
    """False when the agent looks at another date or shift than the one under way."""

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
        clock = view.now.strftime("%H:%M" if getattr(self.app, "served", False) else "%H:%M:%S")
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
