"""The KPI screen: one line per agent for a month (score, the 70% line, bonus, pay) and the
highlighted agent's breakdown with its sources; `e` enters a part a lead judges (recorded
with who and when, through the app's writer)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from shiftboard.domain.reports.kpi import FIELDS, Sheet, sheet_tables
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.render import report as render
from shiftboard.services.kpi import KpiService
from shiftboard.services.reports import ReportService
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import Key, KeyedScreen, localize

KEYS = (
    Key("escape", "back", "keys.back", display="Esc"),
    Key("left,left_square_bracket", "move(-1)", "report.keys.prev", display="←/["),
    Key("right,right_square_bracket", "move(1)", "report.keys.next", display="→/]"),
    Key("e", "enter_part", "report.keys.enter_part"),
    Key("L", "language", "keys.language", display="L", show=False),
    Key("f1,question_mark", "help", "keys.help", display="F1/?"),
)


class KpiScreen(KeyedScreen, Screen):
    HELP_NOTES = "report.kpi_help"
    DEFAULT_CSS = """
    KpiScreen #kpi-head { padding: 0 1; text-style: bold; }
    KpiScreen #kpi-lines { height: auto; max-height: 12; }
    KpiScreen #kpi-parts { height: 1fr; }
    """

    def __init__(self, month: str | None = None) -> None:
        super().__init__()
        localize(self, KEYS)
        self.month = month
        self.sheets: list[Sheet] = []

    def compose(self) -> ComposeResult:
        yield Label("", id="kpi-head")
        yield DataTable(id="kpi-lines", cursor_type="row")
        with VerticalScroll(id="kpi-parts"):
            yield Static("", id="kpi-breakdown")
        yield KeyBar()

    def on_mount(self) -> None:
        self.month = self.month or self.app.clock.now().strftime("%Y-%m")
        self.load()

    @property
    def service(self) -> KpiService:
        app = self.app
        return KpiService(ReportService(app.store, app.clock, app.settings.agent, app.service.playbook))

    @work(thread=True, exclusive=True, group="kpi")
    def load(self) -> None:
        sheets = self.service.sheets(self.month)
        self.app.call_from_thread(self._show, sheets)

    def _show(self, sheets: list[Sheet]) -> None:
        self.sheets = sheets
        self.query_one("#kpi-head", Label).update(t("kpi.title", label=self.month))
        lines = sheet_tables(sheets)[0]
        table = self.query_one("#kpi-lines", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_columns(*(render.header(c) for c in lines.columns))
        for row in lines.rows:
            table.add_row(*(render.cell(c, v) for c, v in zip(lines.columns, row)))
        if sheets:
            table.move_cursor(row=min(keep, len(sheets) - 1))
        table.focus()
        self._breakdown()

    def _breakdown(self) -> None:
        row = self.query_one("#kpi-lines", DataTable).cursor_row
        chosen = [self.sheets[row]] if 0 <= row < len(self.sheets) else []
        text = render.table_lines(sheet_tables(chosen)[1]) if chosen else [t("report.empty")]
        self.query_one("#kpi-breakdown", Static).update("\n".join(text))

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._breakdown()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_move(self, step: int) -> None:
        year, month = map(int, self.month.split("-"))
        index = year * 12 + month - 1 + step
        self.month = f"{index // 12:04d}-{index % 12 + 1:02d}"
        self.load()

    def action_enter_part(self) -> None:
        from shiftboard.tui.modals import Choice

        row = self.query_one("#kpi-lines", DataTable).cursor_row
        if not self.sheets:
            return
        try:
            self.service.require_judge()  # refused before the agent picks a part and types a value
        except ShiftboardError as error:
            self.app.report(error)
            return
        agent = self.sheets[row].agent
        options = [(field, t(f"kpi.part.{field}") if field not in ("late", "leave", "absence", "orders", "role")
                    else t(f"kpi.field.{field}")) for field in FIELDS]
        self.app.push_screen(Choice(t("report.kpi_part_title", agent=agent), options),
                             lambda field: field and self._ask_value(agent, field))

    def _ask_value(self, agent: str, field: str) -> None:
        from shiftboard.tui.modals import TextPrompt

        def entered(value: str | None) -> None:
            if value:
                service, month = self.service, self.month
                self.app.submit(lambda: service.enter(agent, month, field, value), done=lambda _: self.load())

        self.app.push_screen(TextPrompt(t("report.kpi_value_title", agent=agent, field=field),
                                        t("report.kpi_value_hint"), required=True), entered)

    def relabel(self) -> None:
        localize(self, KEYS)
        self.load()
