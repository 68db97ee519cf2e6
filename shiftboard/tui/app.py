"""The Textual application and the one factory that builds it for the CLI and the tests."""

from __future__ import annotations

import functools
import queue
import sys
from collections.abc import Callable, Iterable

from textual._styles_cache import StylesCache
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from shiftboard import i18n
from shiftboard.clock import Clock
from shiftboard.config import Settings
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.services.shift import ItemChange, ShiftService, load_playbook, playbook_path
from shiftboard.collector import resume_collection
from shiftboard.store import Store
from shiftboard.tui import wide_chops
from shiftboard.tui.keys import Key, localize, shown_key


#: How many more times a write waits for the store's lock before the agent is told.
LOCK_RETRIES = 5


class ShiftboardApp(App):
    """Holds the services and runs every write, in order, on one background thread."""

    CSS_PATH = "app.tcss"
    TITLE = "shiftboard"
    #: Tab and shift+tab move the focus as they arrive, before the keys behind them are given
    #: to the field that has it: "tab 旗舰店" typed in one burst (a fast typist, a paste, a
    #: terminal multiplexer) landed in the field Tab left when the screen's own (non-priority)
    #: binding ran after them. (Priority bindings are looked up from the app down: these win
    #: over any screen's own Tab.)
    BINDINGS = [Binding("tab", "focus_next", show=False, priority=True),
                Binding("shift+tab", "focus_previous", show=False, priority=True)]
    #: The app's own keys, in the current language (Textual's palette key said "palette").
    KEYS = (Key("ctrl+q", "quit", "keys.quit", show=False, priority=True),
            Key("ctrl+p", "command_palette", "keys.palette_short", show=False, priority=True))
    #: Served to a browser (`shiftboard serve`): signing out ends the session, not just the app.
    SIGN_OUT = Key("ctrl+o", "sign_out", "keys.sign_out", display="^o", priority=True)

    def __init__(self, settings: Settings, clock: Clock, store: Store, service: ShiftService,
                 maintain: bool = False) -> None:
        super().__init__()
        wide_chops.install()
        self.served = settings.session.startswith("web:")
        #: Signed in to a served app (a team without accounts has nobody to sign out).
        self.signed_in = self.served and bool(settings.role)
        localize(self, self.app_keys())
        self.settings, self.clock, self.store, self.service = settings, clock, store, service
        self._use_theme(settings.theme)
        self._maintain = maintain
        self.undo_stack: list[tuple[ItemChange, str]] = []  # (change, the item's text)
        self.redo_stack: list[tuple[ItemChange, str]] = []
        self._told: list[str] = []  # "undo"/"redo", then the items of the burst not told yet
        self._tell_timer = None
        self._jobs: queue.Queue = queue.Queue()

    def app_keys(self) -> tuple[Key, ...]:
        return (*self.KEYS, self.SIGN_OUT) if self.signed_in else self.KEYS

    def push_screen(self, *args, **kwargs):
        self._forget_closed_watchers()
        return super().push_screen(*args, **kwargs)

    def _forget_closed_watchers(self) -> None:
        """Let go of the screens closed since the last push, which Textual keeps: a closed
        widget's watch on the app is dropped only when what it watches changes (every text
        area ever shown stayed watching the theme), and `get_inner_outer`, an lru_cache on a
        method, keeps the last 1024 widgets' render caches as its keys. Each full garbage
        collection walked them all: pauses grew past 150 ms within an hour of use."""
        for watchers in getattr(self, "__watchers", {}).values():
            watchers[:] = [(node, callback) for node, callback in watchers
                           if not (node._closing or node._closed)]
        StylesCache.get_inner_outer.cache_clear()

    def get_line_filters(self):
        """Textual's filters, then ours: no control byte from the data reaches the terminal."""
        return [*super().get_line_filters(), self._visible_controls]

    @functools.cached_property
    def _visible_controls(self):
        from shiftboard.tui.visible import VisibleControls

        return VisibleControls()

    @functools.cached_property
    def replies(self):
        """Built on first use: its pinyin search index costs time and memory the dashboard
        should not pay at start-up."""
        from shiftboard.services.replies import ReplyService

        return ReplyService(self.store, self.settings, self.clock)

    @functools.cached_property
    def cases(self):
        """The case desk's service, built on first use (the dashboard's due-soon panel or the
        desk), so start-up does not import it."""
        from shiftboard.services.cases import CaseService

        return CaseService(self.store, self.clock, self.settings.agent, role=self.settings.role)

    def handovers(self):
        """A handover service for whoever is at the keyboard now (the name may change at first
        run); its module is imported on first use, like the case desk's."""
        from shiftboard.services.handover import HandoverService

        return HandoverService(self.store, self.service, self.clock, self.settings.agent)

    def get_default_screen(self) -> Screen:
        """The dashboard is the bottom of the stack. Pushed on top of Textual's own default
        screen instead, it was laid out and painted while the app was still mounting, a frame
        Textual throws away, and drawn again afterwards: ~40 ms later on screen."""
        from shiftboard.tui.dashboard.screen import Dashboard

        return Dashboard()

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_screen_drawn)
        if self.settings.first_run and not self.settings.demo:
            from shiftboard.tui.first_run import FirstRun

            self.push_screen(FirstRun(self.settings.agent, self.settings.lang), self._first_run_done)

    def _first_screen_drawn(self) -> None:
        """What start-up leaves until the agent sees the dashboard, the writer thread among it
        (a write submitted before the thread starts waits in the queue)."""
        resume_collection()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # The writer does a dozen small system calls a write (lock, read, write, fsync,
        # rename, audit); after each it waits for the UI thread to hand back the GIL, up to
        # the switch interval each time (5 ms by default). A 1 ms interval halved the write
        # p95 of 30 served agents on 2 cores (bench/bench_serve.py: 64 → 39–51 ms).
        sys.setswitchinterval(0.001)
        self.run_worker(self._writer, thread=True, name="writer", group="writer")
        if self._maintain:
            self.submit(self.store.maintain)

    # -- writes ------------------------------------------------------------------------

    def submit(self, job: Callable[[], object], done: Callable[[object], None] | None = None,
               failed: Callable[[ShiftboardError], None] | None = None, quiet: bool = False) -> None:
        """Queue a write; it runs off the UI thread, in the order submitted. A refusal goes to
        `failed` (a form keeps what was typed and says why), else to a toast. A `quiet` job
        (a draft kept or dropped) has nothing to show when it succeeds: the writer goes on to
        the next job at once instead of waiting for the screen (a note queued behind its
        dialog's dropped draft waited ~200 ms for a busy screen at N = 30 served agents)."""
        self._jobs.put((job, done, failed, quiet))

    def _writer(self) -> None:
        """Run the queued writes in order until the app closes, then the ones still queued:
        a note entered just before ctrl+q was lost when the writer stopped with the app
        (found by hand). Closing, nobody is left to answer, so none is shown."""
        worker = get_current_worker()
        self.store.ready_to_write()
        while True:
            try:
                job, done, failed, quiet = self._jobs.get(timeout=0.2)
            except queue.Empty:
                if worker.is_cancelled:
                    return
                continue
            if worker.is_cancelled:
                self._last_write(job)
                continue
            try:
                result = self._patiently(job)
            except ShiftboardError as error:
                self._answer(failed or self.report, error)
            else:
                if quiet:
                    self._jobs.task_done()
                else:
                    self._answer(self._written, result, done)

    def _last_write(self, job: Callable[[], object]) -> None:
        """A write queued when the app closed: done, or said on stderr (the screen is gone)."""
        try:
            self._patiently(job)
        except ShiftboardError as error:
            from shiftboard.render.messages import message

            print(message(error), file=sys.stderr)
        finally:
            self._jobs.task_done()

    def _answer(self, callback: Callable[..., None], *args: object) -> None:
        """Show a write's answer, then take the next job: screens rely on each answer being
        shown before the next write runs (the compose form fills from a draft answered only
        while nothing it holds is unwritten). Not waiting took ~200 ms off a queued write at
        N = 30 served agents, and lost an action added in the compose form under load."""
        try:
            self.call_from_thread(callback, *args)
        except RuntimeError:
            pass  # the app closed while the write ran: nobody to show it to
        finally:
            self._jobs.task_done()  # after its answer reached the screen: see `pending_writes`

    def _patiently(self, job: Callable[[], object]) -> object:
        """Run a write; a lock other writers held past its timeout is waited for again, up
        to LOCK_RETRIES times (nothing was written, so the job may run again). Off the UI
        thread the wait costs the agent nothing, and a busy team's write must be late, never
        lost (bench/bench_serve.py lost notes to the 10 s timeout at N = 30)."""
        for _ in range(LOCK_RETRIES):
            try:
                return job()
            except ShiftboardError as error:
                if error.key != "error.lock_timeout":
                    raise
        return job()

    @property
    def pending_writes(self) -> int:
        """Writes submitted whose answer has not reached the screen yet (0: all shown)."""
        return self._jobs.unfinished_tasks

    def _written(self, result: object, done: Callable[[object], None] | None) -> None:
        if done is not None:
            done(result)
        run = getattr(result, "run", None)
        if run is not None and hasattr(self.screen, "show_run"):
            self.screen.show_run(result.date, result.shift_id, run)
        elif hasattr(self.screen, "load_run"):
            self.screen.load_run()

    def remember(self, change: ItemChange) -> None:
        """A change the agent made (tick, untick, skip with its reason, note): undoable, in order."""
        view = getattr(self.screen, "view", None)
        item = view.item(change.key) if view is not None else None
        self.undo_stack.append((change, item.item.text if item else change.key))
        self.redo_stack.clear()

    def undo(self) -> None:
        self._step(self.undo_stack, self.redo_stack, "undo")

    def redo(self) -> None:
        self._step(self.redo_stack, self.undo_stack, "redo")

    def _step(self, source: list, target: list, way: str) -> None:
        """Undo or redo the latest change; presses in quick succession share one toast."""
        if not source:
            self.notify(t(f"undo.nothing_{way}"))
            return
        change, name = source.pop()
        target.append((change, name))
        self.submit(lambda: getattr(self.service, way)(change))
        if self._tell_timer is not None:
            self._tell_timer.stop()
            if self._told and self._told[0] != way:  # undo then redo: each says its own
                self._tell()
        self._told = (self._told or [way]) + [name]
        self._tell_timer = self.set_timer(0.4, self._tell)

    def _tell(self) -> None:
        """The toast of a burst of undos (or redos): the last item, and how many more."""
        if not self._told:
            return
        way, *names = self._told
        self._told = []
        more = t("undo.more", count=len(names) - 1) if len(names) > 1 else ""
        self.notify(t(f"undo.{way}_done", item=names[-1], more=more))

    # -- quitting ----------------------------------------------------------------------

    def action_quit(self) -> None:
        """Quit once what was typed before ctrl+q has been handled (tui/quitting.py)."""
        from shiftboard.tui.quitting import quit_when_settled

        self.run_worker(quit_when_settled(self), group="quit", exclusive=True)

    # -- messages ----------------------------------------------------------------------

    def report(self, error: ShiftboardError) -> None:
        from shiftboard.render.messages import message  # not needed until something fails

        self.notify(message(error), severity="error", timeout=8)

    def alert(self, text: str) -> None:
        self.notify(text, severity="warning", timeout=10)
        if self.settings.bell:
            self.bell()

    # -- language and first run --------------------------------------------------------

    def switch_language(self, lang: str | None = None) -> None:
        lang = lang or ("en" if i18n.language() == "zh-CN" else "zh-CN")
        i18n.set_language(lang)
        self.settings.lang = lang
        if self.settings.playbook is None and not self.store.playbook_path.exists():
            # The shipped playbook speaks the agent's language; a team's own stays as written.
            self.service.playbook = load_playbook(playbook_path(self.settings, self.store), self.store)
        localize(self, self.app_keys())
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                relabel()

    # -- themes ------------------------------------------------------------------------

    def _use_theme(self, name: str) -> None:
        """The theme the agent chose (remembered in the config); an unknown name is ignored."""
        from shiftboard.tui.themes import HIGH_CONTRAST

        self.register_theme(HIGH_CONTRAST)
        if name in self.available_themes:
            self.theme = name

    def _remember_theme(self, theme) -> None:
        if theme.name != self.settings.theme:
            self.settings.theme = theme.name
            self.submit(lambda: self.store.update_config({"theme": theme.name}))

    def action_change_theme(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=t("keys.theme_search")))

    def action_command_palette(self) -> None:
        """Textual's palette, its prompt in the current language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("keys.palette_search")))

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies in a field); say how to quit, in our words."""
        self.notify(t("keys.quit_hint", key="ctrl+q"), title=t("keys.quit_title"))

    def _first_run_done(self, answer: tuple[str, str] | None) -> None:
        if answer is None:
            return
        agent, lang = answer
        self.settings.agent = agent
        self.service.agent = agent
        if "cases" in self.__dict__:
            self.cases.agent = agent
        self.submit(lambda: self.store.update_config({"agent": agent, "lang": lang}))
        self.settings.first_run = False
        self.switch_language(lang)
        for screen in self.screen_stack:
            for bar in screen.query("StatusBar"):
                bar.agent = agent

    # -- command palette ---------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the screen in front, in the current language, then quit."""
        for spec in getattr(screen, "key_specs", ()):
            yield SystemCommand(t(spec.label), shown_key(spec), lambda a=spec.action: screen.run_action(a))
        yield SystemCommand(t("keys.theme"), t("keys.theme_help"), self.action_change_theme)
        if self.signed_in:
            yield SystemCommand(t("keys.sign_out"), shown_key(self.SIGN_OUT), self.action_sign_out)
        yield SystemCommand(t("keys.quit"), "ctrl+q", self.action_quit)

    def action_sign_out(self) -> None:
        """The page opens the server's sign-out: it forgets the session, clears the cookie and
        ends this process (shiftboard/serve/server.py)."""
        self.open_url("/signout", new_tab=False)


def create_app(settings: Settings, clock: Clock, store: Store, maintain: bool = False) -> ShiftboardApp:
    """Build the app from settings, a clock and an opened store (the CLI and tests share this).

    `maintain`: run the store's upkeep (`Store.maintain`) as the first write, once the first
    screen is drawn, rather than make the agent wait for it. The first screen reads only the
    live files, which upkeep replaces atomically, so it is whole either way.
    Raises ShiftboardError (e.g. PlaybookFileError) before any screen is drawn.
    """
    i18n.set_language(settings.lang)
    playbook = load_playbook(playbook_path(settings, store), store)
    service = ShiftService(store, playbook, clock, settings.agent)
    return ShiftboardApp(settings, clock, store, service, maintain=maintain)


