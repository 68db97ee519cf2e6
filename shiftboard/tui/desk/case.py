"""One case: its fields (personal data masked), clocks, checks, what to remember, the timeline;
and every action on it — move, edit, note, contact attempt, assign, escalate, tick, reveal."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pendulum import DateTime
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from shiftboard.render.case import BOOKKEEPING, approval_line, entry_text, field_value, fields_of, flagged_notes, worded
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.cases.desk import EXTEND_CONFIRM, parse_time
from shiftboard.domain.cases.followup import CHANNELS, OUTCOMES
from shiftboard.domain.privacy import PERSONAL, masked
from shiftboard.errors import ShiftboardError
from shiftboard.render.fmt import when, word
from shiftboard.i18n import t
from shiftboard.services.cases import MANUAL_EVENTS, CaseDetail
from shiftboard.tui.dashboard.due_soon import SIGNS, left
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import Key, KeyedScreen, localize
from shiftboard.tui.modals import Choice, TextPrompt

KEYS = (
    Key("m", "move", "case_ui.keys.move"),
    Key("e", "edit", "case_ui.keys.edit"),
    Key("n", "note", "case_ui.keys.note"),
    Key("r", "reply_note", "words.keys.reply_note"),
    Key("c", "contact", "case_ui.keys.contact"),
    Key("a", "assign", "case_ui.keys.assign"),
    Key("x", "escalate", "case_ui.keys.escalate", show=False),
    Key("t", "tick", "case_ui.keys.tick"),
    Key("k", "meet", "case_ui.keys.meet", show=False),
    Key("g", "returned", "case_ui.keys.returned", show=False),
    Key("v", "reveal", "case_ui.keys.reveal"),
    Key("L", "language", "keys.language", display="L", show=False),
    Key("f1,question_mark", "help", "keys.help", display="F1/?"),
    Key("escape", "back", "desk.keys.back", display="Esc"),
)
#: Not shown among the fields on screen: the record's bookkeeping, and who created and last
#: changed it (the timeline says both, and the screen has less room than `cases show`).
HIDDEN = BOOKKEEPING | {"created_by", "updated_by"}
#: How often an open case looks whether another agent changed it (one stat of its shard).
LOOK_EVERY = 2.0


def render_case(detail: CaseDetail, shown: dict, now: DateTime, titles: Mapping[str, str] | None = None) -> Group:
    """The whole case as the screen shows it (`shown`: the record, masked as wanted; `titles`:
    the forbidden-phrase rules' titles, for the notes kept despite a flag)."""
    case = shown
    head = Text()
    head.append(f"{word('kind', case['kind'])} · {word('status', case['status'])}", style="bold")
    head.append("   " + t("case_ui.handled_by", handler=case.get("handler", "-")), style="dim")
    if detail.period:
        head.append("\n" + t("case_ui.archived", period=detail.period), style="bold yellow")
    parts: list = [head]
    if (waiting := approval_line(case, now)) is not None:
        parts.append(Text("⚑ " + waiting, style="bold magenta"))
    parts += [Text("! " + t(hint), style="bold yellow") for hint in detail.hints]
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim", no_wrap=True)
    fields.add_column()
    for name, value in fields_of(case, HIDDEN):
        fields.add_row(word("label", name), field_value(name, value, now))
    parts += [Text(""), fields]
    parts += [Text(""), _clocks(detail, now)]
    if detail.memo:
        memo = detail.memo
        parts.append(Text(t("case.memo", date=memo.date, agent=memo.agent_id, result=memo.result,
                            handler=memo.handler).strip(), style="italic"))
    parts += [Text(""), Text(t("case_ui.timeline"), style="bold underline")]
    for entry in case.get("timeline", ()):
        moment = parse_time(entry["at"], now.timezone_name)
        line = Text(f"{when(moment, now):>11}  {entry['by']}  ", style="dim")
        line.append(word("timeline", entry["what"]), style="bold")
        line.append("  " + entry_text(entry, titles))
        parts.append(line)
    return Group(*parts)


def _clocks(detail: CaseDetail, now: DateTime) -> Text:
    lines = Text()
    for deadline in detail.view.deadlines:
        sign, style = SIGNS.get(deadline.status, ("✓", "green"))
        due = "" if deadline.due is None else f"  {when(deadline.due, now)}"
        if deadline.status in SIGNS:
            due += f"  ({left(deadline.due - now)})"
        lines.append(f"{sign} ⏱ {word('clock', deadline.rule.id)}  {word('clock_status', deadline.status)}{due}\n",
                     style=style)
    for name, done in detail.checks:
        lines.append(f"{'☑' if done else '☐'} {word('check', name)}\n", style="green" if done else "")
    if not lines:
        lines.append(t("case.nothing_due"), style="dim")
    lines.rstrip()
    return lines


class CaseScreen(KeyedScreen, Screen):
    """Every change carries the version the agent is looking at: a change by someone else in
    between is refused with who and when, and the screen shows the case as it now stands."""

    HELP_NOTES = "case_ui.help"

    DEFAULT_CSS = """
    CaseScreen VerticalScroll { padding: 0 1; }
    """

    def __init__(self, case_id: str) -> None:
        super().__init__()
        localize(self, KEYS)
        self.case_id = case_id
        self.detail: CaseDetail | None = None
        self.revealed: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="case-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()
        self._stamp = self._shard_stamp()
        self.set_interval(LOOK_EVERY, self._look)

    def _shard_stamp(self) -> tuple:
        return self.app.store.file_stamps([self.app.store.cases.live.table(self.case_id).path])

    def _look(self) -> None:
        """Another agent changed the case (or its shard): show it as it now stands."""
        stamp = self._shard_stamp()
        if stamp != self._stamp:
            self._stamp = stamp
            if self.detail is not None and self.app.screen is self:
                self.load()

    @property
    def case(self) -> dict:
        return self.detail.view.case

    def load(self, _: object = None) -> None:
        """Read the case again (a locate is one small shard file: fast enough for the UI thread)."""
        try:
            self.detail = self.app.cases.detail(self.case_id)
        except ShiftboardError as error:
            self.app.report(error)
            self.dismiss(None)
            return
        self.paint()

    def paint(self) -> None:
        shown = {**masked(self.case), **self.revealed}
        # the phrase lists are read only for a case that has a flagged note
        titles = self.app.replies.rule_titles() if flagged_notes(self.case) else None
        body = render_case(self.detail, shown, self.app.clock.now(), titles)
        self.query_one("#case-body", Static).update(body)

    # -- changing ----------------------------------------------------------------------------

    def _write(self, change: Callable[[int], object]) -> None:
        """Run `change(version)` on the writer; on a refusal say why and show the case as it is."""
        version = self.case["version"]

        def failed(error: ShiftboardError) -> None:
            self.app.report(worded(error))
            self.load()

        def done(result: object) -> None:
            from shiftboard.tui.team.approvals import tell_awaiting

            tell_awaiting(self.app, result)
            self.load(result)

        self.app.submit(lambda: change(version), done=done, failed=failed)

    def action_move(self) -> None:
        moves = self.detail.moves
        if not moves:
            self.app.notify(t("case_ui.no_moves"))
            return

        def chosen(step: str | None) -> None:
            if step == "buyer_ships":
                self.app.push_screen(TextPrompt(t("case_ui.tracking_title"), required=True,
                                                value=self.case.get("return_tracking_no", "")),
                                     lambda no: no and self._write(lambda v: self.app.cases.move(
                                         self.case_id, step, v, tracking_no=no)))
            elif step:
                self._write(lambda v: self.app.cases.move(self.case_id, step, v))

        self.app.push_screen(Choice(t("case_ui.move_title"), [(m, word("move", m)) for m in moves]), chosen)

    def action_edit(self) -> None:
        from shiftboard.tui.desk.case_form import CaseForm

        self.app.push_screen(CaseForm(CaseKind(self.case["kind"]), self.case), self.load)

    def action_note(self) -> None:
        def noted(text: str | None) -> None:
            if text:
                self._write(lambda _: self.app.cases.note(self.case_id, text))

        self.app.push_screen(TextPrompt(t("case_ui.note_title"), required=True,
                                        place=f"case_note:{self.case_id}"), noted)

    def action_reply_note(self) -> None:
        """A note of what was said to the buyer: checked for forbidden phrases before it is kept."""
        from shiftboard.tui.replies.checked_prompt import CheckedPrompt

        def noted(answer: tuple | None) -> None:
            if answer:
                text, flagged = answer
                self._write(lambda _: self.app.cases.note(self.case_id, text, reply=True,
                                                          flagged=[m.rule.id for m in flagged]))

        self.app.push_screen(CheckedPrompt(t("words.reply_note_title"), self.app.replies.check,
                                           place=f"case_reply:{self.case_id}"), noted)

    def action_contact(self) -> None:
        """Channel, then outcome, then an optional word: three keystrokes for a usual attempt."""
        def with_note(channel: str, outcome: str) -> None:
            self.app.push_screen(TextPrompt(t("case_ui.contact_note"), place=f"case_contact:{self.case_id}"), lambda text: text is not None and self._write(
                lambda _: self.app.cases.contact(self.case_id, channel, outcome, text)))

        def channel_chosen(channel: str | None) -> None:
            if channel:
                self.app.push_screen(Choice(t("case_ui.outcome_title"), [(o, word("outcome", o)) for o in OUTCOMES]),
                                     lambda outcome: outcome and with_note(channel, outcome))

        self.app.push_screen(Choice(t("case_ui.channel_title"), [(c, word("channel", c)) for c in CHANNELS]),
                             channel_chosen)

    def action_assign(self) -> None:
        def assigned(handler: str | None) -> None:
            if handler:
                self._write(lambda v: self.app.cases.assign(self.case_id, handler, v))

        self.app.push_screen(TextPrompt(t("case_ui.assign_title"), required=True,
                                        value=self.case.get("handler", "")), assigned)

    def action_escalate(self) -> None:
        def reason_given(to: str, reason: str | None) -> None:
            if reason:
                self._write(lambda _: self.app.cases.escalate(self.case_id, to, reason))

        def to_given(to: str | None) -> None:
            if to:
                self.app.push_screen(TextPrompt(t("case_ui.escalate_reason"), required=True,
                                                place=f"case_escalate:{self.case_id}"),
                                     lambda reason: reason_given(to, reason))

        self.app.push_screen(TextPrompt(t("case_ui.escalate_to"), required=True,
                                        value=t("case_ui.supervisor")), to_given)

    def action_tick(self) -> None:
        checks = self.detail.checks
        if not checks:
            self.app.notify(t("case_ui.no_checks"))
            return
        options = [(name, f"{'☑' if done else '☐'} {word('check', name)}") for name, done in checks]
        self.app.push_screen(Choice(t("case_ui.tick_title"), options), lambda name: name and self._write(
            lambda _: self.app.cases.tick(self.case_id, name)))

    def action_meet(self) -> None:
        running = [d for d in self.detail.view.pending if d.rule.id != EXTEND_CONFIRM]
        if not running:
            self.app.notify(t("case.nothing_due"))
            return
        options = [(d.rule.id, f"{word('clock', d.rule.id)}  {word('clock_status', d.status)}") for d in running]
        self.app.push_screen(Choice(t("case_ui.meet_title"), options), lambda clock: clock and self._write(
            lambda _: self.app.cases.meet(self.case_id, clock)))

    def action_returned(self) -> None:
        self._write(lambda _: self.app.cases.mark(self.case_id, MANUAL_EVENTS[0]))

    def action_reveal(self) -> None:
        """v shows the buyer's phone and address (recorded in the timeline); v again hides them."""
        if self.revealed:
            self.revealed = {}
            self.paint()
            return
        present = [name for name in PERSONAL if self.case.get(name)]
        if not present:
            self.app.notify(t("case_ui.nothing_to_reveal"))
            return

        def shown(values: dict[str, str]) -> None:
            self.revealed = values
            self.load()

        self.app.submit(lambda: {name: self.app.cases.reveal(self.case_id, name) for name in present}, done=shown)

    # -- elsewhere ---------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def relabel(self) -> None:
        localize(self, KEYS)
        if self.detail is not None:
            self.paint()

