"""The compose screen's actions (owner, deadline) and contingencies (if … then …): the two
lists, and adding, editing and removing their entries in small dialogs."""

from __future__ import annotations

from textual.widgets import OptionList

from shiftboard.domain.handover import model as ho
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.tui.handover.parts import Confirm, FieldsDialog


class NoteList(OptionList):
    """Actions or contingencies: Enter edits the highlighted one, Delete removes it."""

    DEFAULT_CSS = "NoteList { height: 1fr; min-height: 3; }"
    BINDINGS = [("enter", "edit", ""), ("delete", "remove", "")]

    def action_edit(self) -> None:
        if self.highlighted is not None:
            self.screen.edit_note(self.id, self.highlighted)

    def action_remove(self) -> None:
        if self.highlighted is not None:
            self.screen.remove_note(self.id, self.highlighted)


class NoteEditing:
    """Mixed into the compose screen: it has `actions`, `contingencies`, `_fill_lists` and
    `_changed`."""

    def _note_dialog(self, kind: str, index: int | None) -> None:
        entries = self.actions if kind == "actions" else self.contingencies
        current = entries[index] if index is not None else {}

        def done(value: dict | None) -> None:
            if value is None:
                return
            if index is None:
                entries.append(value)
            else:
                entries[index] = value
            self._fill_lists()
            self._changed(at_once=True)

        if kind == "actions":
            self.app.push_screen(self._action_dialog(current), done)
        else:
            fields = [("if", t("handover.ui.if_cond"), current.get("if", "")),
                      ("then", t("handover.ui.if_then"), current.get("then", ""))]
            self.app.push_screen(FieldsDialog(t("handover.doc.if_then"), fields, _check_if), done)

    def _action_dialog(self, current: dict) -> FieldsDialog:
        now = self.app.clock.now()
        fields = [("text", t("handover.ui.action_text"), current.get("text", "")),
                  ("owner", t("handover.ui.action_owner"), current.get("owner", "")),
                  ("due", t("handover.ui.action_due"), ho.short_time(current.get("due"), now.to_date_string()))]

        def check(values: dict) -> dict:
            if not values["text"] or not values["owner"]:
                raise ShiftboardError("handover.ui.action_incomplete")
            return {**values, "due": ho.parse_deadline(values["due"], now).isoformat()}

        return FieldsDialog(t("handover.ui.action_title"), fields, check)

    def edit_note(self, kind: str, index: int) -> None:
        self._note_dialog(kind, index)

    def remove_note(self, kind: str, index: int) -> None:
        entries = self.actions if kind == "actions" else self.contingencies
        text = self.query_one(f"#{kind}", NoteList).get_option_at_index(index).prompt

        def done(yes: bool | None) -> None:
            if yes:
                del entries[index]
                self._fill_lists()
                self._changed(at_once=True)

        self.app.push_screen(Confirm(t("handover.ui.remove_title", text=text), t("handover.ui.remove_yes")), done)

    def action_new_action(self) -> None:
        self._note_dialog("actions", None)

    def action_new_if(self) -> None:
        self._note_dialog("contingencies", None)


def _check_if(values: dict) -> dict:
    if not values["if"] or not values["then"]:
        raise ShiftboardError("handover.ui.if_incomplete")
    return values
