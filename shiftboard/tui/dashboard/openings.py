"""The dashboard's keys that open another screen: the case desk, replies, the handover, the
reports and KPI, and a lead's approvals and audit trail (each module imported when opened,
not at start-up)."""

from __future__ import annotations

from shiftboard.domain.team.accounts import APPROVER
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t


class Openings:
    """Mixed into the Dashboard: it has `view`, `selected`, `date`, `shift` and its banner."""

    def action_desk(self) -> None:
        from shiftboard.domain.cases.model import queue_kinds
        from shiftboard.tui.desk.screen import CaseDesk

        kinds = queue_kinds(self.view.blocks[self.selected].block.items) if self.view else []
        self.app.push_screen(CaseDesk(kinds[0] if kinds else None))

    def action_replies(self) -> None:
        from shiftboard.tui.replies.screen import ReplyLibrary

        self.app.push_screen(ReplyLibrary(self.app.replies, {}))

    def action_check_reply(self) -> None:
        from shiftboard.tui.replies.check import ReplyCheck

        self.app.push_screen(ReplyCheck(self.app.replies))

    def action_handover(self) -> None:
        self.query_one("#handover-banner").open(self.date, self.shift)

    def action_handover_history(self) -> None:
        self.query_one("#handover-banner").history()

    def action_reports(self) -> None:
        from shiftboard.tui.reports.screen import ReportScreen  # not at start-up: reports are opened later

        self.app.push_screen(ReportScreen())

    def action_kpi(self) -> None:
        from shiftboard.tui.reports.kpi import KpiScreen

        self.app.push_screen(KpiScreen())

    def action_approvals(self) -> None:
        self._lead_screen("approvals", "ApprovalsScreen")

    def action_audit(self) -> None:
        from shiftboard.services.approvals import acting

        try:
            acting(self.app.store).require("audit.read")  # roles.toml says who reads the trail
        except ShiftboardError as error:
            self.app.report(error)
            return
        self._open_team_screen("audit", "AuditScreen")

    def _lead_screen(self, module: str, name: str) -> None:
        """The approvals queue is a lead's (DOMAIN §6: leads approve); others are told so."""
        if self.app.settings.role != APPROVER:
            self.app.notify(t("approval.lead_only"), severity="warning")
            return
        self._open_team_screen(module, name)

    def _open_team_screen(self, module: str, name: str) -> None:
        import importlib

        self.app.push_screen(getattr(importlib.import_module(f"shiftboard.tui.team.{module}"), name)())
