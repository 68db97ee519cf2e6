"""Compose and sign the handover of a run (I-PASS), then add addenda to the signed text.

Every change to the draft is written at once (through the app's ordered writer), so nothing
typed is lost if the app or the terminal dies; the preview on the right is the handover as
it will be signed, with what shiftboard drafted from the shift.
"""

from __future__ import annotations

import threading

from pendulum import Date

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Label, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

from shiftboard.domain.handover import model as ho
from shiftboard.domain.handover.render import data_text, notes_text
from shiftboard.domain.shift.playbook import Shift
from shiftboard.domain.shift.run import run_id
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.tui.handover.notes import NoteEditing, NoteList
from shiftboard.tui.handover.parts import UNMASK_KEY, Confirm, HandoverDocument, Unmasking
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import HELP_KEY, Key, KeyedScreen, localize
from shiftboard.tui.modals import TextPrompt
from shiftboard.tui.toggles import StateRadioButton

#: Seconds from the first key of a burst to the write of what is typed (the preview is at once).
SAVE_AFTER = 0.3
KEYS = (
    Key("ctrl+s", "sign", "keys.sign", display="^s"),
    Key("ctrl+n", "new_action", "keys.new_action", display="^n"),
    Key("ctrl+t", "new_if", "keys.new_if", display="^t"),
    Key("a", "addendum", "keys.addendum"),
    UNMASK_KEY,
    HELP_KEY,
    Key("escape", "back", "keys.back", display="Esc"),
)
DRAFT_ONLY = {"sign", "new_action", "new_if"}


class HandoverCompose(NoteEditing, Unmasking, KeyedScreen, Screen):
    """This agent's handover of one run: the draft form, or the signed text once signed."""

    HELP_NOTES = "handover.ui.compose_help"

    DEFAULT_CSS = """
    HandoverCompose #head { height: 1; background: $primary; padding: 0 1; }
    HandoverCompose #form { height: 1fr; }
    HandoverCompose #notes { width: 50; padding: 0 1; }
    HandoverCompose #notes Label { color: $text-muted; margin-top: 1; }
    HandoverCompose RadioSet { layout: horizontal; width: 100%; }
    HandoverCompose #summary { height: 6; }
    HandoverCompose #actions { height: 5; }
    HandoverCompose #contingencies { height: 4; }
    HandoverCompose #preview-notes { height: 50%; border: round $accent; padding: 0 1; }
    HandoverCompose #preview { height: 1fr; border: round $accent; padding: 0 1; }
    """

    def __init__(self, date: Date, shift: Shift) -> None:
        super().__init__()
        localize(self, KEYS)
        self.date, self.shift = date, shift
        self.service = None  # set on mount, when the app is there to ask
        self.record: dict | None = None
        self.actions: list[dict] = []
        self.contingencies: list[dict] = []
        self._pending: dict | None = None  # notes typed but not yet written
        self._pending_lock = threading.Lock()  # the writer thread and the screen share it
        self._save_timer: Timer | None = None
        self._hid = ""  # this agent's handover of the run (set on mount, when the agent is known)
        self._data_shown: tuple | None = None  # the drafted content the preview shows, and unmasked or not

    def compose(self) -> ComposeResult:
        yield Static(t("handover.ui.drafting"), id="head")
        with ContentSwitcher(initial="form", id="mode"):
            with Horizontal(id="form", disabled=True):  # until the draft is read: nothing typed is overwritten
                with Vertical(id="notes"):
                    yield Label(t("handover.ui.status"))
                    with RadioSet(id="status"):
                        for status in ho.Status:
                            yield StateRadioButton(t(f"handover.status.{status}"), value=status is ho.Status.CALM)
                    yield Label(t("handover.ui.summary"))
                    yield TextArea(id="summary", soft_wrap=True)
                    yield Label(t("handover.ui.actions"))
                    yield NoteList(id="actions")
                    yield Label(t("handover.ui.contingencies"))
                    yield NoteList(id="contingencies")
                with Vertical(id="preview-side"):
                    yield Static(id="preview-notes")
                    yield Static(id="preview")
            # the signed text (a Markdown document, its parser and widgets) is mounted once signed
        yield KeyBar()

    def on_mount(self) -> None:
        self.service = self.app.handovers()
        self.query_one("#preview-notes").border_title = t("handover.ui.preview")
        self._load()

    def on_screen_resume(self) -> None:
        """Pushed again (the dashboard keeps this screen for its run): the handover may have
        changed meanwhile (`handover note` from a script, the run's items)."""
        if self.record is not None:
            self.unmasked = False  # shown in full once, recorded once: masked again on return
            self._load()

    def _load(self) -> None:
        # The form fills from the handover as last written, read beside the writer's queue;
        # drafting its data part afresh (the run, the case desk, a write) follows through it.
        date, shift = self.date, self.shift
        self._hid = ho.handover_id(run_id(date, shift.id), self.service.agent)
        self._read_stored(date, shift)
        self.app.submit(lambda: self.service.draft(date, shift), self._arrived)

    @work(thread=True, group="handover-read")
    def _read_stored(self, date: Date, shift: Shift) -> None:
        try:
            found = self.service.stored(date, shift)
        except ShiftboardError:
            return  # the draft through the writer reports it
        if found is not None:
            self.app.call_from_thread(self._arrived, found)
        else:
            self.app.call_from_thread(self._none_yet)

    def _none_yet(self) -> None:
        """No handover of this run yet: a new one starts empty, so the form opens at once; what
        is typed is written after the draft the writer makes (queued before it)."""
        if self._alive() and self.record is None:
            self.query_one("#form").disabled = False
            self.query_one("#summary").focus()
            self._preview_notes(self._notes())

    def _alive(self) -> bool:
        """Still on the app with its widgets: an answer from the writer can arrive while the app
        quits and the screen (kept between openings) is taken down."""
        return self.is_attached and bool(self.query("#head"))

    def _arrived(self, record: dict) -> None:
        """The handover as stored: fills the form the first time, or when it was changed
        elsewhere, unless something typed here waits to be written; else only what is shown."""
        if not self._alive():
            return
        if self._pending is None and (self.record is None or (
                not record.get("signed") and ho.clean_notes(self._notes()) != record["notes"])):
            self._loaded(record)
        else:
            self._show(record)

    # -- showing -----------------------------------------------------------------------

    def _loaded(self, record: dict) -> None:
        """The draft as stored: fill the form once (never over what is being typed)."""
        self._show(record)
        notes = record["notes"]
        self.actions, self.contingencies = list(notes["actions"]), list(notes["contingencies"])
        with self.prevent(RadioSet.Changed, TextArea.Changed):
            self.query_one("#status", RadioSet).query(StateRadioButton)[list(ho.Status).index(ho.Status(notes["status"]))].value = True
            self.query_one("#summary", TextArea).text = notes["summary"]
        self._fill_lists()
        self.query_one("#form").disabled = False
        # a signed handover is read (and `a` must not be typed into the hidden form)
        (self._signed_document() if record.get("signed") else self.query_one("#summary")).focus()

    def _show(self, record: dict) -> None:
        before = None if self.record is None else bool(self.record.get("signed"))
        self.record = record
        signed = record.get("signed")
        head = t("handover.doc.title", shift=record["shift_title"], date=record["date"],
                 to=f"{record['to']['shift_title']} {record['to']['date']}")
        state = (t("handover.ui.signed", by=signed["by"], at=ho.parse_time(signed["at"]).strftime("%H:%M"))
                 if signed else t("handover.ui.saved", at=ho.parse_time(record["updated_at"]).strftime("%H:%M:%S")))
        self.query_one("#head", Static).update(f"{head}  ·  {state}", layout=False)  # fixed sizes: no reflow
        if signed:
            self._signed_document().show(record, unmask=self.unmasked)
            self.query_one("#mode", ContentSwitcher).current = "signed"
        else:
            self._preview_notes(self._notes() if self._pending is not None else record["notes"])
            if (record["content"], self.unmasked) != self._data_shown:  # the drafted part: redrawn when changed
                self._data_shown = (record["content"], self.unmasked)
                self.query_one("#preview", Static).update(data_text(record, t, self.unmasked), layout=False)
        if before != bool(signed):  # the keys change on loading and on signing only
            self.refresh_bindings()

    def _signed_document(self) -> HandoverDocument:
        found = self.query("#signed")
        if found:
            return found.first(HandoverDocument)
        document = HandoverDocument(id="signed")
        self.query_one("#mode", ContentSwitcher).mount(document)
        return document

    def _preview_notes(self, notes: dict) -> None:
        """The agent's part of the preview, drawn as each key arrives (plain text, cheap)."""
        shown = {**(self.record or {"date": self.date.to_date_string()}), "notes": ho.clean_notes(notes)}
        # its size is fixed (half the side): redrawn, not laid out again, at every key
        self.query_one("#preview-notes", Static).update(notes_text(shown, t, self.unmasked), layout=False)

    def shown_record(self) -> dict | None:
        return self.record

    def show_record(self, record: dict) -> None:
        self._show(record)

    def _fill_lists(self) -> None:
        date = self.record["date"]
        rows = {"actions": [ho.action_text(a, date) for a in self.actions],
                "contingencies": [t("handover.doc.contingency", cond=c["if"], then=c["then"]) for c in self.contingencies]}
        for name, texts in rows.items():
            options = self.query_one(f"#{name}", NoteList)
            keep = options.highlighted
            options.clear_options()
            options.add_options([Option(text) for text in texts])
            if texts:
                options.highlighted = min(keep or 0, len(texts) - 1)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        signed = bool(self.record and self.record.get("signed"))
        if action in DRAFT_ONLY:
            return self.record is not None and not signed
        if action == "addendum":
            return signed
        return True

    # -- autosave ----------------------------------------------------------------------

    def _notes(self) -> dict:
        pressed = self.query_one("#status", RadioSet).pressed_index
        return {"status": list(ho.Status)[max(pressed, 0)].value,
                "summary": self.query_one("#summary", TextArea).text,
                "actions": self.actions, "contingencies": self.contingencies}

    def _changed(self, at_once: bool = False) -> None:
        """The preview at once; one write of the latest notes SAVE_AFTER seconds after the first
        key of a burst (keys arriving meanwhile join it): writing at every key made the writer
        thread's JSON work compete with the painting of the keys. `at_once`: a change that is
        not a keystroke (an action, an if/then, the status) is written without waiting."""
        if self.query_one("#form").disabled or (self.record and self.record.get("signed")):
            return
        notes = self._notes()
        self._preview_notes(notes)
        if self.record is not None and notes == self.record["notes"] and self._pending is None:
            return  # filling the form from the store is not a change
        with self._pending_lock:
            self._pending = notes
        if at_once:
            self._queue_save()
        elif self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_AFTER, self._queue_save)

    def _queue_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = None
        self.app.submit(self._save, self._saved)

    def _save(self) -> tuple[dict | None, dict | None]:
        """On the writer thread: (the record as stored, the notes written, or None when an
        earlier job wrote them). The notes stay pending until the answer reaches the screen
        (`_saved`): the writer does not wait for the screen, and a draft answered meanwhile
        must not fill the form over notes it has not seen yet. A quit before then finds them
        still pending (`on_unmount`) and writes them again, which changes nothing."""
        with self._pending_lock:
            notes = self._pending
        if notes is None:
            return self.record, None
        return self.service.save_notes(self._hid, notes), notes

    def _saved(self, answer: tuple[dict | None, dict | None]) -> None:
        record, notes = answer
        with self._pending_lock:
            if notes is not None and self._pending is notes:
                self._pending = None
        self._stored(record)

    def _stored(self, record: dict | None) -> None:
        if self._alive() and record is not None:
            self._show(record)

    def on_text_area_changed(self) -> None:
        self._changed()

    def on_radio_set_changed(self) -> None:
        self._changed(at_once=True)

    def on_unmount(self) -> None:
        """Quitting with a keystroke still queued: write it now, the writer may be gone."""
        if self._pending is not None:
            try:
                if self.record is None:  # typed before the writer made the draft
                    self.service.draft(self.date, self.shift)
                self._save()
            except ShiftboardError:
                pass

    # -- sign, addendum ----------------------------------------------------------------

    def action_sign(self) -> None:
        record = self.record
        empty = not self.query_one("#summary", TextArea).text.strip()
        question = t("handover.ui.sign_empty" if empty else "handover.ui.sign_title",
                     shift=record["shift_title"], date=record["date"])

        def done(yes: bool | None) -> None:
            if yes:
                if self._pending is not None:  # the last keystrokes go in before the signature
                    self.app.submit(self._save, self._saved)
                self.app.submit(lambda: self.service.sign(record["id"]), self._signed)

        self.app.push_screen(Confirm(question, t("handover.ui.sign_yes", agent=self.service.agent)), done)

    def _signed(self, record: dict) -> None:
        self.app.notify(t("handover.ui.signed_note", run=f"{record['to']['shift_title']} {record['to']['date']}"))
        if self._alive():
            self._show(record)
            self._signed_document().focus()

    def action_addendum(self) -> None:
        hid = self.record["id"]

        def done(text: str | None) -> None:
            if text:
                self.app.submit(lambda: self.service.addendum(hid, text), self._stored)

        self.app.push_screen(TextPrompt(t("handover.ui.addendum_title"), required=True), done)

    def action_back(self) -> None:
        if self._save_timer is not None:  # the last keys are written now, not after the screen is gone
            self._queue_save()
        self.dismiss(None)

    def relabel(self) -> None:
        localize(self, KEYS)
