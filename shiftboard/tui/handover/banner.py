"""The dashboard's handover line: a handover waiting to be acknowledged (opened at once when
the dashboard first shows), or, in the last block of the shift, the offer to write one."""

from __future__ import annotations

from pendulum import Date
from textual import work
from textual.screen import Screen
from textual.widgets import Static

from shiftboard.domain.shift.playbook import Shift
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import join, t


class HandoverBanner(Static):
    """Hidden while there is nothing to say. Re-checks when the handovers file changes, the
    minute turns or the agent changes, off the UI thread; the first check is made as it is
    mounted (just after the dashboard's first screen), so a waiting handover opens before
    the incoming agent can press a key."""

    DEFAULT_CSS = """
    HandoverBanner { height: 1; padding: 0 1; display: none; text-style: bold; }
    HandoverBanner.waiting { background: $warning; color: $text; }
    HandoverBanner.offer { background: $accent 40%; }
    """

    def __init__(self) -> None:
        super().__init__(id="handover-banner")
        self.waiting: list[dict] = []
        self._seen: object = None

    def on_mount(self) -> None:
        self._seen = self._stamp()
        try:
            self._paint(*self._state())
        except ShiftboardError as error:
            self.app.report(error)
        if self.waiting:
            self.call_after_refresh(self._receive_first)
        self.set_interval(1.0, self._tick)

    def _receive_first(self) -> None:
        """The incoming agent sees the handover first, unless a first-run question is up."""
        if self.app.screen is self.screen:
            self._receive()

    def _stamp(self) -> tuple:
        app = self.app
        return (app.store.file_stamps([app.store.handovers.live.path]), app.clock.now().strftime("%Y-%m-%d %H:%M"),
                app.settings.agent)

    def _state(self) -> tuple[list[dict], bool]:
        service = self.app.handovers()
        return service.waiting(), service.compose_due()

    def _tick(self) -> None:
        stamp = self._stamp()
        if stamp != self._seen:
            self._seen = stamp
            self.recheck()

    @work(thread=True, exclusive=True, group="handover-banner")
    def recheck(self) -> None:
        try:
            state = self._state()
        except ShiftboardError as error:
            self.app.call_from_thread(self.app.report, error)
            return
        self.app.call_from_thread(self._paint, *state)

    def _paint(self, waiting: list[dict], offer: bool) -> None:
        self.waiting = waiting
        self.set_class(bool(waiting), "waiting")
        self.set_class(offer and not waiting, "offer")
        if waiting:
            agents = join(dict.fromkeys(r["from"] for r in waiting))
            urgent = any(r["notes"]["status"] == "urgent" for r in waiting)
            self.update(t("handover.ui.banner_urgent" if urgent else "handover.ui.banner_waiting",
                          agents=agents, count=len(waiting)))
        elif offer:
            self.update(t("handover.ui.banner_offer"))
        self.display = bool(waiting) or offer

    # -- what the dashboard's keys open --------------------------------------------------

    def _receive(self) -> None:
        from shiftboard.tui.handover.receive import HandoverReceive

        self.app.push_screen(HandoverReceive(self.waiting), lambda _: self.recheck())

    def open(self, date: Date, shift: Shift) -> None:
        """`h`: the waiting handovers first; else this agent's handover of the run on screen."""
        from shiftboard.tui.handover.screen import HandoverCompose

        try:
            if self._stamp() != self._seen:  # else the last check is current: no read on the key
                self.waiting = self.app.handovers().waiting()
        except ShiftboardError as error:
            self.app.report(error)
            return
        if self.waiting:
            self._receive()
        else:
            self.app.push_screen(self._compose_screen(date, shift, HandoverCompose), lambda _: self.recheck())

    def _compose_screen(self, date: Date, shift: Shift, kind: type) -> Screen:
        """The compose screen of the run, kept (installed) between openings: built once, it
        reopens without composing its widgets again, and leaves no screen behind to collect."""
        app, name = self.app, "handover-compose"
        key = (date, shift.id, app.settings.agent, app.settings.lang)
        kept = app.get_screen(name) if app.is_screen_installed(name) else None
        if kept is not None and getattr(kept, "kept_for", None) == key:
            return kept
        if kept is not None:
            app.uninstall_screen(name)
            kept.remove()
        screen = kind(date, shift)
        screen.kept_for = key
        app.install_screen(screen, name)
        return screen

    def history(self) -> None:
        from shiftboard.tui.handover.history import HandoverHistory

        self.app.push_screen(HandoverHistory())
