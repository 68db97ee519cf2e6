"""Import a platform export: type the file's path (and, when the export has no store column,
the store), see what every row would do, then confirm. Nothing is written before the
confirmation, and a file with a refused row is never written at all.

Reading, planning and writing run off the UI thread (a file of thousands of rows takes
seconds); each posts its result back.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.render.messages import message
from shiftboard.importers.plan import Action
from shiftboard.render.importing import changes_text, header_line, problem_text, summary_line
from shiftboard.services.importing import ImportRefused, ImportService, Report
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import HELP_KEY, Key, KeyedScreen, localize

KEYS = (
    Key("ctrl+s", "confirm", "import_ui.keys.confirm", display="^s"),
    Key("f2", "preset", "import_ui.keys.preset", display="F2"),
    Key("L", "language", "keys.language", display="L", show=False),
    HELP_KEY,
    Key("escape", "back", "desk.keys.back", display="Esc"),
)
#: How each outcome is coloured in the preview.
STYLES = {Action.CREATE: "green", Action.UPDATE: "cyan", Action.UNCHANGED: "dim", Action.REFUSED: "bold red"}
AUTO = "@auto"


class ImportScreen(KeyedScreen, Screen):
    """File and store on top, the preview below, the outcome in the head."""

    HELP_NOTES = "import_ui.help"

    DEFAULT_CSS = """
    ImportScreen #import-inputs { height: auto; }
    ImportScreen #import-file { width: 2fr; }
    ImportScreen #import-store { width: 1fr; }
    ImportScreen #import-head { height: auto; padding: 0 1; background: $boost; }
    ImportScreen DataTable { height: 1fr; }
    ImportScreen #import-detail { height: auto; max-height: 6; padding: 0 1; border-top: solid $primary-darken-2; }
    """

    AUTO_FOCUS = "#import-file"

    def __init__(self, path: str = "") -> None:
        super().__init__()
        localize(self, KEYS)
        self.path = path
        self.preset: str | None = None  # None: the preset the headers fit best
        self.report: Report | None = None  # the preview on screen (None: nothing to confirm)
        self.details: dict[str, str] = {}  # row number → what it does, in full

    def compose(self) -> ComposeResult:
        with Horizontal(id="import-inputs"):
            yield Input(value=self.path, id="import-file", placeholder=t("import_ui.file_hint"))
            yield Input(id="import-store", placeholder=t("import_ui.store_hint"))
        yield Static(t("import_ui.start"), id="import-head")
        yield DataTable(id="import-rows", cursor_type="row", zebra_stripes=True)
        yield Static(id="import-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self._columns()

    def _columns(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for name in ("row", "action", "case", "changes"):
            table.add_column(t(f"import.csv.{name}"), key=name)

    @property
    def service(self) -> ImportService:
        return ImportService(self.app.store, self.app.clock, self.app.settings.agent)

    def _how(self) -> dict:
        store = self.query_one("#import-store", Input).value.strip()
        return {"preset": self.preset, "store_name": store or None}

    def _file(self) -> Path:
        return Path(self.query_one("#import-file", Input).value.strip()).expanduser()

    # -- preview -------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.query_one("#import-file", Input).value.strip():
            self._say(t("import_ui.reading"))
            self.preview(self._file(), self._how())

    @work(thread=True, exclusive=True, group="import")
    def preview(self, path: Path, how: dict) -> None:
        try:
            report = self.service.preview(path, **how)
        except ShiftboardError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._show, report)

    def _show(self, report: Report, done: str | None = None) -> None:
        self.report = None if report.written else report
        table = self.query_one(DataTable)
        table.clear()
        self.details = {}
        for outcome in report.outcomes:
            said = [problem_text(p) for p in (*outcome.problems, *outcome.notes)]
            detail = "; ".join(said) if outcome.problems else "; ".join([changes_text(outcome), *said]).strip("; ")
            self.details[str(outcome.row)] = f"{t('import.row_no', row=outcome.row)}: {detail}"
            table.add_row(str(outcome.row), Text(t(f"import.action.{outcome.action.value}"),
                                                 style=STYLES[outcome.action]),
                          (outcome.case_id or "")[-6:], detail, key=str(outcome.row))
        refused = report.count(Action.REFUSED)
        last = done or t("import_ui.refused_rows" if refused else "import_ui.confirm_hint", count=refused)
        self._say(f"{header_line(report)}\n{summary_line(report)}\n{last}",
                  style="bold red" if refused and not done else "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted row's reasons in full (the table cuts them at its width)."""
        self.query_one("#import-detail", Static).update(self.details.get(event.row_key.value, ""))

    def _failed(self, error: ShiftboardError) -> None:
        self.report = None
        self.query_one(DataTable).clear()
        self._say(message(error), style="bold red")

    def _say(self, text: str, style: str = "") -> None:
        self.query_one("#import-head", Static).update(Text(text, style=style))

    # -- writing -------------------------------------------------------------------------

    def action_confirm(self) -> None:
        """Import the previewed file; it is planned again against what is stored now."""
        if self.report is None:
            self.app.notify(t("import_ui.preview_first"), severity="warning")
            return
        if self.report.count(Action.REFUSED):
            self.app.notify(t("import_ui.refused_rows", count=self.report.count(Action.REFUSED)), severity="error")
            return
        self.report = None
        self._say(t("import_ui.writing"))
        self.run_import(self._file(), self._how())

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path, how: dict) -> None:
        try:
            report = self.service.run(path, **how)
        except ImportRefused as refused:
            self.app.call_from_thread(self._show, refused.report)
            return
        except ShiftboardError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._show, report, t("import.written"))

    # -- choices -------------------------------------------------------------------------

    def action_preset(self) -> None:
        from shiftboard.services.importing import preset_paths
        from shiftboard.tui.modals import Choice

        def chosen(name: str | None) -> None:
            if name is not None:
                self.preset = None if name == AUTO else name
                if self.query_one("#import-file", Input).value.strip():
                    self.preview(self._file(), self._how())

        options = [(AUTO, t("import_ui.auto")), *((name, name) for name in preset_paths(self.app.store))]
        self.app.push_screen(Choice(t("import_ui.keys.preset"), options, self.preset or AUTO), chosen)

    def action_back(self) -> None:
        self.app.pop_screen()

    def relabel(self) -> None:
        localize(self, KEYS)
        self._columns()
        if self.report is not None:
            self._show(self.report)
