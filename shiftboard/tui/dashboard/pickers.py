"""`d` and `S` on the dashboard: another date, another shift. A bad date stays typed in its
dialog with the problem under it."""

from __future__ import annotations

from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.render.messages import message


class Pickers:
    """Mixed into the Dashboard: it has `date`, `shift`, `following`, `selected`, `load_run`."""

    def action_pick_date(self) -> None:
        from shiftboard.tui.modals import TextPrompt

        def problem(text: str) -> str | None:
            try:
                self.app.service.locate(text, self.shift.id)
            except ShiftboardError as error:
                return message(error)
            return None

        def chosen(text: str | None) -> None:
            if text:
                self.date, self.shift = self.app.service.locate(text, self.shift.id)
                self.following, self.selected = False, -1
                self.load_run()

        self.app.push_screen(TextPrompt(t("dash.date_title"), t("dash.date_hint"),
                                        value=self.date.to_date_string(), check=problem), chosen)

    def action_pick_shift(self) -> None:
        from shiftboard.tui.modals import Choice

        def chosen(shift_id: str | None) -> None:
            if shift_id and shift_id != self.shift.id:
                self.shift = self.app.service.playbook.shift(shift_id)
                self.following, self.selected = False, -1
                self.load_run()

        options = [(s.id, s.title) for s in self.app.service.playbook.shifts]
        self.app.push_screen(Choice(t("dash.shift_title"), options, self.shift.id), chosen)
