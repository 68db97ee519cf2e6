"""A lead's approvals queue: the cases awaiting approval, oldest first; approve or refuse
with a reason. Both are recorded on the case and on the audit trail."""

from __future__ import annotations

import functools

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from shiftboard.i18n import t
from shiftboard.render.fmt import word
from shiftboard.sanitize import visible
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import Key, KeyedScreen, localize

KEYS = (Key("a", "approve", "keys.approve"), Key("x", "refuse", "keys.refuse"),
        Key("escape", "back", "keys.back", display="Esc"))


def tell_awaiting(app, result: object) -> None:
    """A move that now waits for a lead says so (the case did not move)."""
    from shiftboard.services.approvals import awaiting

    pending = awaiting(result) if isinstance(result, dict) else None
    if pending:
        app.notify(t("approval.requested", case=result["id"][-8:], reason=t(pending["reason"])),
                   severity="warning", timeout=8)


def queue_row(case: dict) -> str:
    pending = case["approval"]
    return visible(t("approval.queue_row", case=case["id"][-8:], kind=word("kind", case["kind"]),
                     move=word("move", pending["move"]),
                     by=pending["by"], at=pending["at"][11:16], reason=t(pending["reason"])))


class ApprovalsScreen(KeyedScreen, Screen):
    DEFAULT_CSS = """
    ApprovalsScreen #queue { height: 1fr; border: round $accent; }
    ApprovalsScreen #empty { padding: 1 2; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        localize(self, KEYS)
        self.queue: list[dict] = []
        self._stamp: tuple | None = None

    @functools.cached_property
    def approvals(self):
        from shiftboard.services.approvals import ApprovalService

        return ApprovalService(self.app.cases)

    def compose(self) -> ComposeResult:
        yield OptionList(id="queue")
        yield Label("", id="empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#queue").border_title = t("keys.approvals")
        self.query_one("#queue").focus()
        self.refresh_queue()
        self.set_interval(2.0, self.refresh_if_changed)

    def refresh_if_changed(self) -> None:
        if self.app.store.file_stamps(self.app.store.cases.live_paths()) != self._stamp:
            self.refresh_queue()

    @work(thread=True, exclusive=True, group="approvals")
    def refresh_queue(self) -> None:
        stamp = self.app.store.file_stamps(self.app.store.cases.live_paths())
        queue = self.approvals.queue()
        self.app.call_from_thread(self._show, queue, stamp)

    def _show(self, queue: list[dict], stamp: tuple) -> None:
        self.queue, self._stamp = queue, stamp
        options = self.query_one("#queue", OptionList)
        options.clear_options()
        options.add_options([Option(queue_row(case), id=case["id"]) for case in queue])
        if queue:
            options.highlighted = 0
        self.query_one("#empty", Label).update("" if queue else t("approval.queue_empty"))

    def _chosen(self) -> dict | None:
        index = self.query_one("#queue", OptionList).highlighted
        return self.queue[index] if index is not None and index < len(self.queue) else None

    def _decide(self, decide, said: str) -> None:
        def done(case: dict) -> None:
            self.app.notify(t(said, case=case["id"][-8:], status=word("status", case["status"])))
            self.refresh_queue()

        self.app.submit(decide, done=done)

    def action_approve(self) -> None:
        case = self._chosen()
        if case is not None:
            self._decide(lambda: self.approvals.approve(case["id"], case["version"]), "approval.approved")

    def action_refuse(self) -> None:
        from shiftboard.tui.modals import TextPrompt

        case = self._chosen()
        if case is None:
            return

        def reasoned(reason: str | None) -> None:
            if reason:
                self._decide(lambda: self.approvals.refuse(case["id"], reason, case["version"]), "approval.refused")

        self.app.push_screen(TextPrompt(t("approval.ui.refuse_title"), required=True), reasoned)

    def action_back(self) -> None:
        self.app.pop_screen()
