"""The lead's badge on the dashboard: how many cases await approval, and a toast when a new
request comes in (another agent's process wrote it: the cases' live files change)."""

from __future__ import annotations

from textual import work
from textual.widgets import Static

from shiftboard.i18n import t


class ApprovalBadge(Static):
    DEFAULT_CSS = """
    ApprovalBadge { height: 1; padding: 0 1; color: $warning; text-style: bold; }
    ApprovalBadge.-none { display: none; }
    """

    def __init__(self) -> None:
        super().__init__("", classes="-none")
        self.count: int | None = None
        self._stamp: tuple | None = None

    def on_mount(self) -> None:
        self.check()
        self.set_interval(2.0, self.check)

    def check(self) -> None:
        stamp = self.app.store.file_stamps(self.app.store.cases.live_paths())
        if stamp != self._stamp:
            self._stamp = stamp
            self.count_pending()

    @work(thread=True, exclusive=True, group="approval-badge")
    def count_pending(self) -> None:
        from shiftboard.services.approvals import awaiting

        count = sum(1 for case in self.app.store.cases.live.read() if awaiting(case))
        self.app.call_from_thread(self.show, count)

    def show(self, count: int) -> None:
        if self.count is not None and count > self.count:
            self.app.alert(t("approval.ui.toast", count=count))
        self.count = count
        self.set_class(count == 0, "-none")
        self.update(t("approval.ui.badge", count=count))
