"""The dashboard's due-soon panel: the cases whose clocks run out next, with live countdowns,
and a toast when a clock goes at risk or breaches."""

from __future__ import annotations

from pendulum import DateTime, Duration
from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static

from shiftboard.render.fmt import word
from shiftboard.domain.cases.model import queue_kinds
from shiftboard.domain.cases.clocks import ClockStatus
from shiftboard.domain.cases.desk import CaseView, Watch, turned
from shiftboard.domain.privacy import mask_text
from shiftboard.domain.shift.carried import at_risk
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.render.messages import message

#: How often the open cases are read again (countdowns tick every second in between).
LOOK_EVERY = 5.0
SIGNS = {ClockStatus.BREACHED: ("‼", "bold red"), ClockStatus.AT_RISK: ("!", "bold yellow"),
         ClockStatus.RUNNING: ("·", "")}


def left(span: Duration) -> str:
    """`12m`, `2h05`, `3d` — short enough for a narrow panel; `late 5m` once past."""
    seconds = int(span.total_seconds())
    minutes = -(-abs(seconds) // 60)
    if minutes >= 48 * 60:
        text = t("desk.left_d", d=minutes // (24 * 60))
    elif minutes >= 60:
        text = t("desk.left_h", h=minutes // 60, m=f"{minutes % 60:02d}")
    else:
        text = t("desk.left_m", m=minutes)
    return t("desk.late", left=text) if seconds < 0 else text


def who(case: dict) -> str:
    """The few words an agent recognises a case by: its buyer, else its order or tracking no."""
    return case.get("buyer") or case.get("order_no") or case.get("tracking_no") or case["id"][-6:]


def _countdown(span: Duration, width: int) -> str:
    """The time left, right-aligned in `width` cells (a Chinese character takes two)."""
    text = left(span)
    return " " * max(0, width - cell_len(text)) + text


def soon_row(view: CaseView, now: DateTime, width: int = 5) -> Text:
    upcoming = view.next_deadline
    sign, style = SIGNS.get(upcoming.status, ("·", ""))
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f"{sign} {_countdown(upcoming.due - now, width)} ", style=style)
    row.append(f"{word('kind', view.case['kind'])} {who(view.case)} ")
    row.append(word("clock", upcoming.rule.id), style="dim")
    return row


def action_row(item, now: DateTime, lead: int, width: int = 5) -> Text:
    """`! 8m  Call Ms Wang back · Zhang`: a carried action with its countdown."""
    if item.status.value == "overdue":
        sign, style = SIGNS[ClockStatus.BREACHED]
    elif at_risk(item.due, item.until, now, lead):
        sign, style = SIGNS[ClockStatus.AT_RISK]
    else:
        sign, style = SIGNS[ClockStatus.RUNNING]
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f"{sign} {_countdown(item.until - now, width)} ", style=style)
    if item.origin and item.origin.kind == "callback":
        row.append("☎ ")
    row.append(f"{mask_text(item.item.text)} ")
    row.append(item.origin.owner or "", style="dim")
    return row


class CasesLooked(Message):
    """The panel read the open cases again: the dashboard refreshes its block badge."""


class DueSoon(Static):
    """Reads the open cases off the UI thread every few seconds (and when another agent's
    write changes them); between looks it only moves the countdowns."""

    DEFAULT_CSS = """
    DueSoon { width: 36; height: auto; max-height: 10; border: round $warning-darken-1; padding: 0 1;
              text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self) -> None:
        super().__init__(id="due-soon")
        self.look: Watch | None = None
        self._shown: Text | None = None
        self._looked_at: tuple | None = None  # the case files' stamps and the minute of the last look
        self._problem: str | None = None
        self.actions: list = []  # the run's carried actions with a deadline (set by the dashboard)

    def on_mount(self) -> None:
        self.border_title = t("desk.due_soon")
        self.update(t("desk.reading"))
        self.call_after_refresh(self.refresh_cases)
        self.set_interval(LOOK_EVERY, self.refresh_cases)
        self.set_interval(1.0, self.paint)

    @work(thread=True, exclusive=True, group="due-soon")
    def refresh_cases(self) -> None:
        """Look at the open cases again when a case file changed or a minute passed (what the
        panel shows is by the minute): not every few seconds for nothing, in every session."""
        app = self.app
        stamp = (app.store.file_stamps(app.store.cases.live_paths()), app.clock.now().strftime("%Y-%m-%d %H:%M"))
        if stamp == self._looked_at and self._problem is None:
            return
        self._looked_at = stamp
        try:
            look = self.app.cases.watch()
        except ShiftboardError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._looked, look)

    def _failed(self, error: ShiftboardError) -> None:
        """Say it once as a toast, and keep saying it in the panel (a broken policy file)."""
        text = message(error)
        if text != self._problem:
            self._problem = text
            self.app.report(error)
        self._shown = None  # the next good look paints over the problem
        self.update(Text(text, style="bold red"))

    def _looked(self, look: Watch) -> None:
        before, self.look, self._problem = self.look, look, None
        if before is not None:  # the first look is the baseline: no toast for what was already late
            for (case_id, clock_id), status in turned(before.states, look.states):
                self._toast(look, case_id, clock_id, status)
        self.paint()
        self.screen.post_message(CasesLooked())

    def _toast(self, look: Watch, case_id: str, clock_id: str, status: ClockStatus) -> None:
        view = next((v for v in look.soon if v.case["id"] == case_id), None)
        name = who(view.case) if view else case_id[-6:]
        self.app.alert(t(f"desk.toast.{status.value}", case=name, clock=word("clock", clock_id)))

    def badge(self, items) -> Text | None:
        """`After-sales: 12 open · c opens the queue` for a block whose items concern a queue."""
        kinds = queue_kinds(items)
        if self.look is None or not kinds:
            return None
        counts = " · ".join(t("desk.badge_count", kind=word("kind", kind), count=self.look.open_by_kind.get(kind, 0))
                            for kind in kinds)
        return Text(t("desk.badge", counts=counts), style="bold cyan")

    def paint(self) -> None:
        if self.border_subtitle != t("desk.open_desk"):  # the first paint, or after a language switch
            self.border_title, self.border_subtitle = t("desk.due_soon"), t("desk.open_desk")
        now = self.app.clock.now()
        lead = self.app.settings.action_lead
        actions = [i for i in sorted(self.actions, key=lambda i: i.until)
                   if i.status.value in ("due", "overdue", "upcoming")]
        promised = {i.origin.case for i in actions if i.origin and i.origin.case}  # carried in: shown once
        soon = [v for v in (self.look.soon if self.look else ())
                if not (v.case["id"] in promised and v.next_deadline.rule.anchor == "promised")]
        if self.look is None and not actions:
            return
        spans = [i.until - now for i in actions] + [v.next_deadline.due - now for v in soon]
        width = max((cell_len(left(span)) for span in spans), default=0)  # one column, aligned
        rows = [action_row(i, now, lead, width) for i in actions] + [soon_row(v, now, width) for v in soon]
        shown = Text("\n").join(rows) if rows else Text(t("case.nothing_due"), style="dim")
        if shown != self._shown:  # by the minute: the other 59 paints a minute would change nothing
            self._shown = shown
            self.update(shown)
