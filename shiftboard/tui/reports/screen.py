"""The Reports screen: the report of a day, week, month or year (moved by keys), charts of
complaints per week, the refund rate by month and completeness by week over the year up to
it, and the incomplete records, each opened with Enter.

Reports read files, so they are made off the UI thread (the newest request wins).
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from shiftboard.domain.reports.period import Period, PeriodKind
from shiftboard.domain.reports.report import Report, Wanted, series_of
from shiftboard.i18n import t
from shiftboard.render import report as render
from shiftboard.services.reports import Incomplete, ReportService
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import Key, KeyedScreen, localize

KEYS = (
    Key("escape", "back", "keys.back", display="Esc"),
    Key("left,left_square_bracket", "move(-1)", "report.keys.prev", display="←/["),
    Key("right,right_square_bracket", "move(1)", "report.keys.next", display="→/]"),
    Key("d", "kind('day')", "report.keys.day"),
    Key("w", "kind('week')", "report.keys.week"),
    Key("m", "kind('month')", "report.keys.month"),
    Key("y", "kind('year')", "report.keys.year", show=False),
    Key("a", "mine", "report.keys.mine"),
    Key("i", "incomplete", "report.keys.incomplete"),
    Key("K", "kpi", "keys.kpi", display="K", show=False),
    Key("L", "language", "keys.language", display="L", show=False),
    Key("f1,question_mark", "help", "keys.help", display="F1/?"),
)
#: The charts: series name → title key.
CHARTS = {"complaints": "report.chart.complaints", "refund_rate": "report.chart.refund_rate",
          "completeness": "report.chart.completeness"}


class Chart(PlotextPlot):
    """textual-plotext subscribes each plot to the app's theme signal with a callback that
    holds the plot, and never unsubscribes: every chart ever shown stayed in memory (and in
    each full garbage collection's walk) until this one let go when it is taken down."""

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)


class ReportScreen(KeyedScreen, Screen):
    HELP_NOTES = "report.help"
    DEFAULT_CSS = """
    ReportScreen #report-head { padding: 0 1; text-style: bold; }
    ReportScreen #report-body { width: 3fr; }
    ReportScreen #charts { width: 2fr; }
    ReportScreen PlotextPlot { height: 1fr; display: none; }
    ReportScreen #charts.drawn PlotextPlot { display: block; }
    ReportScreen #incomplete { height: 8; border: round $warning; display: none; }
    ReportScreen #incomplete.shown { display: block; }
    """

    def __init__(self, kind: PeriodKind = PeriodKind.WEEK) -> None:
        super().__init__()
        localize(self, KEYS)
        self.kind, self.steps, self.mine, self.show_incomplete = kind, 0, False, False
        self.report: Report | None = None
        self.rows: list[Incomplete] = []

    def compose(self) -> ComposeResult:
        yield Label("", id="report-head")
        with Horizontal():
            with VerticalScroll(id="report-body"):
                yield Static("", id="report-text")
            with Vertical(id="charts"):
                for name in CHARTS:
                    yield Chart(id=f"chart-{name.replace('_', '-')}")
        yield OptionList(id="incomplete")
        yield KeyBar()

    def on_mount(self) -> None:
        # The report is read once the screen is drawn: a worker reading files from the first
        # moment holds the interpreter the first frame waits for. The charts stay hidden until
        # they have data (an empty plot costs as much to draw as a full one).
        self.query_one("#report-text", Static).update(t("report.loading"))
        self.call_after_refresh(self.load)

    @property
    def service(self) -> ReportService:
        return ReportService(self.app.store, self.app.clock, self.app.settings.agent, self.app.service.playbook)

    def period(self) -> Period:
        return self.service.period(self.kind).shifted(self.steps)

    @work(thread=True, exclusive=True, group="reports")
    def load(self) -> None:
        service, period = self.service, self.period()
        wanted = Wanted(agent=self.app.settings.agent if self.mine else None)
        built = service.report(period, wanted)
        year = service.period(PeriodKind.YEAR, period.last)
        settings = service.settings()
        trend = series_of(year, service.tally(year, wanted), settings)
        rows = service.incomplete(period, wanted) if self.show_incomplete else []
        self.app.call_from_thread(self._show, built, trend, rows, settings.goal)

    def _show(self, built: Report, trend: dict, rows: list[Incomplete], goal: int) -> None:
        self.report, self.rows = built, rows
        opened = [value for _, value in built.series["opened"]]
        spark = f"  {render.sparkline(opened)}" if len(opened) > 1 else ""
        self.query_one("#report-head", Label).update(render.title(built) + spark)
        lines = []
        for table in built.tables:
            lines += [f"[{t(f'report.table.{table.id}')}]", *render.table_lines(table), ""]
        self.query_one("#report-text", Static).update("\n".join(lines))
        self.query_one("#charts").add_class("drawn")
        for name, title in CHARTS.items():
            self._chart(self.query_one(f"#chart-{name.replace('_', '-')}", PlotextPlot), t(title), trend[name],
                        goal if name == "completeness" else None)
        found = self.query_one("#incomplete", OptionList)
        found.clear_options()
        found.add_options([Option(f"{r.created[:10]} {r.agent} {render.cell('kind', r.kind)} {r.order_no} · "
                                  f"{render.cell('missing', r.missing)}", id=r.id) for r in rows])
        found.border_title = t("report.table.incomplete") + f" ({len(rows)})"
        if rows:
            found.highlighted = 0

    @staticmethod
    def _chart(plot: PlotextPlot, title: str, points: list[tuple[str, float]], goal: int | None = None) -> None:
        """Bars labelled W48 / 26-11; the completeness chart also draws the team's goal line."""
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        if points:
            labels = [label[-3:] if "-W" in label else label[2:] for label, _ in points]
            plt.bar(labels, [value for _, value in points])
            if goal is not None:
                plt.hline(goal, "red")
                plt.ylim(0, 100)
        plot.refresh()

    # -- keys ----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_move(self, step: int) -> None:
        self.steps += step
        self.load()

    def action_kind(self, kind: str) -> None:
        self.kind, self.steps = PeriodKind(kind), 0
        self.load()

    def action_mine(self) -> None:
        self.mine = not self.mine
        self.load()

    def action_incomplete(self) -> None:
        self.show_incomplete = not self.show_incomplete
        found = self.query_one("#incomplete", OptionList)
        found.set_class(self.show_incomplete, "shown")
        if self.show_incomplete:
            found.focus()
        self.load()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from shiftboard.tui.desk.case import CaseScreen

        self.app.push_screen(CaseScreen(event.option.id), lambda _: self.load())

    def action_kpi(self) -> None:
        from shiftboard.tui.reports.kpi import KpiScreen

        self.app.push_screen(KpiScreen(self.period().last.isoformat()[:7]))

    def relabel(self) -> None:
        localize(self, KEYS)
        self.load()
