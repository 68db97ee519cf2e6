"""The dashboard: the shift at a glance, the current block's checklist, a live countdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pendulum import Date
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from shiftboard.domain.privacy import mask_text
from shiftboard.render import fmt
from shiftboard.render.wrap import same_height
from shiftboard.domain.shift.playbook import Shift
from shiftboard.domain.shift.run import BlockState, ShiftView, build_view, locate_run
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.tui.dashboard.checklist import Checklist, origin_lines
from shiftboard.tui.dashboard.heading import block_head
from shiftboard.tui.dashboard.openings import Openings
from shiftboard.tui.dashboard.pickers import Pickers
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import Key, KeyedScreen, localize
from shiftboard.tui.dashboard.statusbar import StatusBar
from shiftboard.tui.desk.timeline import Timeline

if TYPE_CHECKING:
    from shiftboard.domain.shift.alerts import Alert

MIN_SIZE = (80, 24)
#: What a terminal below MIN_SIZE hides to show its note instead.
BOARD = "StatusBar, #side, #block-head, #checklist, #detail, KeyBar"

# The footer shows the keys of every minute (all of them fit in 80 columns, F1 included);
# help and the command palette list them all.
KEYS = (
    Key("space", "toggle", "keys.toggle", display="space"),
    Key("s", "skip", "keys.skip"),
    Key("n", "note", "keys.note"),
    Key("left,left_square_bracket", "block(-1)", "keys.prev_block", display="←/[", show=False),
    Key("right,right_square_bracket", "block(1)", "keys.next_block", display="→/]"),
    Key("t", "now", "keys.now"),
    Key("d", "pick_date", "keys.date", show=False),
    Key("S", "pick_shift", "keys.shift", display="S", show=False),
    Key("c", "desk", "keys.desk"),
    Key("r", "replies", "keys.replies", show=False),
    Key("k", "check_reply", "keys.check_reply", show=False),
    Key("h", "handover", "keys.handover", show=False),
    Key("H", "handover_history", "keys.handover_history", display="H", show=False),
    Key("R", "reports", "keys.reports", display="R", show=False),
    Key("K", "kpi", "keys.kpi", display="K", show=False),
    Key("ctrl+z", "undo", "keys.undo", display="^z"),
    Key("ctrl+y", "redo", "keys.redo", display="^y", show=False),
    Key("L", "language", "keys.language", display="L", show=False),
    Key("A", "approvals", "keys.approvals", display="A", show=False),
    Key("U", "audit", "keys.audit", display="U", show=False),
    Key("f1,question_mark", "help", "keys.help", display="F1/?"),
)


class Dashboard(Pickers, Openings, KeyedScreen, Screen):
    """Follows the shift under way unless the agent picks another date or shift."""

    # One grid, no nested containers (each costs a mount, a styling and a paint of its whole
    # area before the first screen): the side column spans the rows of the block column.
    # The status bar and the handover banner are docked above it, the footer below.
    DEFAULT_CSS = """
    Dashboard { layout: grid; grid-size: 2 3; grid-columns: 36 1fr; grid-rows: auto 1fr auto; }
    Dashboard #side { row-span: 3; }
    Dashboard HandoverBanner { dock: top; margin-top: 1; }
    Dashboard ApprovalBadge { dock: bottom; margin-bottom: 1; }  /* above the footer: not a grid cell */
    Dashboard #block-head { height: auto; padding: 0 1; background: $boost; }
    Dashboard #detail { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    Dashboard #too-small { column-span: 2; row-span: 3; width: 1fr; height: 1fr;
                           content-align: center middle; text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__()
        localize(self, KEYS)
        self.date: Date | None = None
        self.shift: Shift | None = None
        self.following = True
        self.selected = 0
        self.run_doc: dict | None = None
        self.view: ShiftView | None = None
        self._stamp: object = None
        self._shown: dict[str, Text] = {}  # what each text panel shows (see _show)
        self.moved_on: str | None = None  # the block that started while the agent stayed on theirs
        self.late_runs: set[str] = set()  # earlier runs the agent confirmed to change

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Vertical(id="side"):
            yield Timeline()
        yield Static(id="block-head")
        yield Checklist(id="checklist")
        yield Static(id="detail")
        yield KeyBar()

    # -- time and data ---------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one(StatusBar).agent = self.app.settings.agent
        self.follow_now(first=True)
        self.set_interval(1.0, self.on_clock)
        self.call_after_refresh(self._add_panels)

    def _add_panels(self) -> None:
        """The handover banner and the due-soon panel join once the first screen is drawn, a
        frame later: each starts with a read of its own (the handovers, the open cases) and
        needs modules the first screen does not. A waiting handover still opens before the
        agent can press a key."""
        from shiftboard.domain.team.accounts import APPROVER
        from shiftboard.tui.dashboard.due_soon import DueSoon
        from shiftboard.tui.handover.banner import HandoverBanner

        self.mount(HandoverBanner(), after=self.query_one(StatusBar))
        if self.app.settings.role == APPROVER:
            from shiftboard.tui.team.badge import ApprovalBadge

            self.mount(ApprovalBadge(), after=self.query_one(StatusBar))
        self.query_one("#side").mount(DueSoon())

    def follow_now(self, first: bool = False) -> None:
        self.following = True
        self.date, self.shift = locate_run(self.app.service.playbook, self.app.clock.now())
        self.selected = -1  # choose the current block once the run is loaded
        if first:
            # The first read happens before the first paint, so the opening screen is whole.
            # It takes no lock (writes replace the file atomically) and the live file is small.
            self._read_run(self._loaded, self.app.report)
        else:
            self.load_run()

    def _read_run(self, loaded, failed) -> None:
        stamp = self._run_stamp()
        try:
            run = self.app.service.run(self.date, self.shift)
        except ShiftboardError as error:
            failed(error)
            return
        loaded(run, stamp)

    def _run_stamp(self) -> tuple:
        """Changes when the shift runs' live file does (another agent's tick included)."""
        store = self.app.store
        return store.file_stamps(store.runs.live_paths())

    @work(thread=True, exclusive=True, group="load")
    def load_run(self) -> None:
        """Re-read the run off the UI thread (a shared folder may be slow)."""
        call = self.app.call_from_thread
        self._read_run(lambda run, stamp: call(self._loaded, run, stamp),
                       lambda error: call(self.app.report, error))

    def _loaded(self, run: dict | None, stamp: object) -> None:
        self.run_doc, self._stamp = run, stamp
        self.render_view(announce=False)

    def show_run(self, date: Date, shift_id: str, run: dict) -> None:
        """A write of ours returned the run as stored: show it without reading it again."""
        if (date, shift_id) == (self.date, self.shift.id):
            self.run_doc = run
            self.render_view(announce=False)

    def on_clock(self) -> None:
        """Every second: follow the shift under way, pick up others' changes, move time.

        Served to a browser the screen shows minutes, not seconds, and is repainted only when
        the minute or the run changed: every repaint is a frame for the browser, and thirty
        idle sessions each repainting every second kept a core busy (bench/bench_serve.py)."""
        now = self.app.clock.now()
        if self.following:
            date, shift = locate_run(self.app.service.playbook, now)
            if (date, shift.id) != (self.date, self.shift.id):
                self.date, self.shift, self.selected = date, shift, -1
                self.load_run()
                return
        changed = self._run_stamp() != self._stamp
        if changed:
            self.load_run()  # repaints once read
        if self.app.served and (changed or self.view is not None and fmt.same_minute(self.view.now, now)):
            return
        self.render_view(announce=True)

    def render_view(self, announce: bool) -> None:
        if self.shift is None:
            return
        view = build_view(self.shift, self.date, self.run_doc, self.app.clock.now())
        if announce and self.view is not None:
            from shiftboard.domain.shift.alerts import alerts  # from the first tick on, not at start-up

            for alert in alerts(self.view, view, lead=self.app.settings.action_lead):
                self.app.alert(_alert_text(alert))
        previous_current = self.view.current.block.id if self.view and self.view.current else None
        self.view = view
        current = next((n for n, b in enumerate(view.blocks) if b.state is BlockState.CURRENT), None)
        if self.selected < 0:
            self.selected = current if current is not None else _first_open(view)
        elif (previous_current is not None and current is not None and self.selected != current
              and view.blocks[self.selected].block.id == previous_current):
            # The block changed under the agent: a key pressed now must not tick the new
            # block's first item. The focus stays; the head offers to move (t).
            self.moved_on = view.blocks[current].block.title
        self.selected = min(self.selected, len(view.blocks) - 1)
        if current is None or self.selected == current:
            self.moved_on = None
        self._paint()

    def _paint(self) -> None:
        view, block = self.view, self.view.blocks[self.selected]
        self.query_one(StatusBar).show(view, self.following)
        self.query_one(Timeline).show(view, self.selected)
        head = block_head(view, self.selected, self._badge(block), self.query_one("#block-head").content_region.width,
                          seconds=not self.app.served)
        if self.moved_on:
            head.append("\n" + t("carry.moved_on", block=self.moved_on), style="bold reverse")
        self._show("block-head", head)
        checklist = self.query_one(Checklist)
        checklist.show_block(block, view.carried)
        checklist.border_title = t("dash.checklist", done=block.done, total=block.total)
        self._paint_detail()

    def _badge(self, block) -> Text | None:
        """The due-soon panel's count of the open cases the block is about, once it has one."""
        panels = self.query("#due-soon")  # mounted after the first screen
        if not panels:
            return None
        panels.first().actions = [i for i in self.view.carried if i.timed]
        return panels.first().badge(block.block.items)

    def on_cases_looked(self, _: Message) -> None:
        """The due-soon panel read the open cases: the block badge counts them."""
        if self.view is not None:
            self._paint()

    def _paint_detail(self) -> None:
        key = self.query_one(Checklist).highlighted_key
        item = self.view.item(key) if key else None
        lines = Text()
        if item is not None:
            lines.append(t("dash.item_ref", key=item.key), style="dim")
            if item.origin is not None:
                lines.append_text(origin_lines(item.origin))
            for note in item.notes[-4:]:
                lines.append(f"\n✎ {note.by} {fmt.hm(note.at)}  {mask_text(note.text)}")
        self._show("detail", lines)

    def _show(self, panel: str, text: Text) -> None:
        """Update a text panel only when its text changed: each update lays the screen out
        again, and another agent's change repaints every open dashboard."""
        before = self._shown.get(panel)
        if before != text:
            self._shown[panel] = text
            widget = self.query_one(f"#{panel}", Static)
            widget.update(text, layout=not same_height(before, text, widget.content_region.width))

    def on_option_list_option_highlighted(self) -> None:
        if self.view is not None:
            self._paint_detail()

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < MIN_SIZE[0] or event.size.height < MIN_SIZE[1]
        for part in self.query(BOARD):
            part.display = not small
        notes = self.query("#too-small")  # made the first time the terminal is too small
        if small:
            note = notes.first() if notes else Static(id="too-small")
            note.update(t("error.terminal_too_small", width=event.size.width, height=event.size.height,
                          min_width=MIN_SIZE[0], min_height=MIN_SIZE[1]))
            note.display = True
            if not notes:
                self.mount(note)
        elif notes:
            notes.first().display = False

    # -- actions -----------------------------------------------------------------------

    def _focused_item(self):
        key = self.query_one(Checklist).highlighted_key
        return self.view.item(key) if key and self.view else None

    def _change(self, job) -> None:
        from shiftboard.tui.dashboard.late import submit_change  # an earlier run's change asks first

        submit_change(self, job)

    def action_toggle(self) -> None:
        item = self._focused_item()
        if item is not None:
            date, shift = self.date, self.shift
            self._change(lambda: self.app.service.toggle(date, shift, item.key))

    def action_skip(self) -> None:
        item = self._focused_item()
        if item is None:
            return
        from shiftboard.tui.modals import TextPrompt  # the dialogs load when first opened

        date, shift = self.date, self.shift

        def skip(reason: str | None) -> None:
            if reason is not None:
                self._change(lambda: self.app.service.skip(date, shift, item.key, reason))

        hint = t("dash.reason_required") if item.item.note_on_skip else t("dash.reason_optional")
        self.app.push_screen(TextPrompt(t("dash.skip_title", item=item.item.text), hint, required=item.item.note_on_skip,
                                        place=f"skip:{self.view.run_id}:{item.key}"), skip)

    def action_note(self) -> None:
        item = self._focused_item()
        if item is None:
            return
        from shiftboard.tui.modals import TextPrompt

        date, shift = self.date, self.shift

        def note(text: str | None) -> None:
            if text:
                self._change(lambda: self.app.service.note(date, shift, item.key, text))

        self.app.push_screen(TextPrompt(t("dash.note_title", item=item.item.text), required=True,
                                        place=f"note:{self.view.run_id}:{item.key}"), note)

    def action_block(self, step: int) -> None:
        if self.view is not None:
            self.selected = (self.selected + step) % len(self.view.blocks)
            self._paint()

    def action_now(self) -> None:
        self.follow_now()

    def action_undo(self) -> None:
        self.app.undo()

    def action_redo(self) -> None:
        self.app.redo()

    def relabel(self) -> None:
        """After a language switch: new key labels, new playbook words, repaint."""
        localize(self, KEYS)
        self.shift = self.app.service.playbook.shift(self.shift.id) or self.app.service.playbook.shifts[0]
        self.query_one(Checklist)._shown = ()
        self.render_view(announce=False)


def _first_open(view: ShiftView) -> int:
    return next((n for n, b in enumerate(view.blocks) if b.state is not BlockState.DONE), 0)


def _alert_text(alert: Alert) -> str:
    return t(f"alert.{alert.kind.value}", block=alert.block, item=alert.item or "",
             count=alert.open_items, minutes=alert.minutes_left)
