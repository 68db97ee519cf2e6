"""Nothing typed is lost: a screen or dialog with `KeepsDrafts` writes what is typed in its
fields to the store's drafts about a second after the last key (on the app's writer thread),
offers it back when the same agent opens the same place again, and drops it once saved.
Keys that arrive before its first field has focus go into that field. The app asks before
quitting while such text is unsaved (`tui/quitting.py`)."""

from __future__ import annotations

from textual import events, work
from textual.timer import Timer
from textual.widgets import Input

from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t

#: Seconds after the last key at which the draft is written.
DRAFT_AFTER = 0.8
FIELDS = "Input, TextArea"


def field_text(widget) -> str:
    return widget.value if hasattr(widget, "value") else widget.text


class KeepsDrafts:
    """Mixin for a Screen. `draft_place` names what the fields are about (None: no drafts)."""

    _draft_timer: Timer | None = None
    _draft_start: dict[str, str] | None = None
    _draft_pending: dict[str, str] | None = None  # typed since the last draft was written

    @property
    def draft_place(self) -> str | None:
        return None

    def _keeps(self) -> bool:
        """A place to keep drafts of, in an app with a store (not a bare test host)."""
        return self.draft_place is not None and self._draft_start is not None and hasattr(self.app, "store")

    def typed(self) -> dict[str, str]:
        return {w.id: field_text(w) for w in self.query(FIELDS) if w.id}

    def unsaved(self) -> bool:
        """Text typed here that differs from what the fields opened with."""
        typed = self.typed()
        return self._draft_start is not None and typed != self._draft_start and any(v.strip() for v in typed.values())

    def start_drafts(self) -> None:
        """Call from on_mount once the fields hold their first values."""
        self._draft_start = self.typed()
        if self._keeps():
            self._read_draft(self.app.settings.agent, self.draft_place)

    @work(thread=True, group="draft-read")
    def _read_draft(self, agent: str, place: str) -> None:
        try:
            found = self.app.store.drafts.get(agent, place)
        except ShiftboardError:
            return  # a draft is a convenience: an unreadable file must not stop the dialog
        if found:
            self.app.call_from_thread(self._offer, found)

    def _offer(self, found: dict[str, str]) -> None:
        """Fill the fields back, unless the agent has already typed something new."""
        if not self.is_attached or self.typed() != self._draft_start:
            return
        for widget in self.query(FIELDS):
            if widget.id in found:
                if hasattr(widget, "value"):
                    widget.value = found[widget.id]
                else:
                    widget.text = found[widget.id]
        self.notify(t("draft.restored"))

    def on_key(self, event: events.Key) -> None:
        """Keys typed with no pause after the key that opened the screen arrive before its
        first field has focus (a busy machine: the first letter of a read-back was lost);
        they belong in that field, not nowhere."""
        if not event.is_printable or event.character is None:
            return
        fields = list(self.query(FIELDS))
        if self.focused in fields:
            field = self.focused  # focus came after the key was handed to the screen: it missed it
        elif self.focused is None and fields:
            field = fields[0]
        else:
            return
        event.stop()
        event.prevent_default()
        self.set_focus(field)  # at once: the next key must find it focused
        if isinstance(field, Input):
            field.insert_text_at_cursor(event.character)
        else:
            field.insert(event.character)

    def on_input_changed(self) -> None:
        self._typed_now()

    def on_text_area_changed(self) -> None:
        self._typed_now()

    def _typed_now(self) -> None:
        if not self._keeps():
            return
        self._draft_pending = self.typed()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_AFTER, self.write_draft)

    def on_unmount(self) -> None:
        """Left (Esc, a screen closed) before the last keys were drafted: draft them now. A
        field emptied and left at once kept offering back what it had held."""
        if self._draft_pending is not None:
            self.write_draft(fields=self._draft_pending)

    def write_draft(self, now: bool = False, fields: dict[str, str] | None = None) -> None:
        """Queue the write (or, with `now`, at quit when the writer stops, write it here)."""
        if not self._keeps():
            return
        if fields is None:
            fields = self.typed()
        self._draft_pending = None
        store, agent, place = self.app.store, self.app.settings.agent, self.draft_place
        at = self.app.clock.now().isoformat()
        if fields == self._draft_start:  # back as it opened: nothing of the agent's to keep
            fields = {name: "" for name in fields}
        if now:
            store.drafts.save(agent, place, fields, at)
        else:
            self.app.submit(lambda: store.drafts.save(agent, place, fields, at), quiet=True)

    def drop_draft(self) -> None:
        """What was typed is saved where it belongs: the draft goes."""
        self._draft_pending = None
        if self._draft_timer is not None:
            self._draft_timer.stop()
        if self._keeps():
            store, agent, place = self.app.store, self.app.settings.agent, self.draft_place
            self.app.submit(lambda: store.drafts.discard(agent, place), quiet=True)
