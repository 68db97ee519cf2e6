"""One screen for everything about an order or a buyer: every case (Enter opens it), the
return-register entries, every note and contact attempt, and the handovers that mention it.
Opened from the desk (`v` order, `y` buyer) on the case under the cursor."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from shiftboard.domain.cases.desk import parse_time
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.render.messages import message
from shiftboard.render.dossier import said_text
from shiftboard.render.fmt import when, word
from shiftboard.sanitize import visible
from shiftboard.services.dossier import About, Dossier, dossier
from shiftboard.tui.desk.columns import search_cells, set_columns, shown_cells
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import Key, KeyedScreen, localize

KEYS = (
    Key("escape", "back", "desk.keys.back", display="Esc"),
    Key("L", "language", "keys.language", display="L", show=False),
    Key("f1,question_mark", "help", "keys.help", display="F1/?"),
)


class DossierScreen(KeyedScreen, Screen):
    """The order's or buyer's cases in a table, the rest as text beneath."""

    HELP_NOTES = "dossier.help"

    DEFAULT_CSS = """
    DossierScreen #dossier-head { height: auto; padding: 0 1; background: $boost; }
    DossierScreen #dossier-cases { height: auto; max-height: 12; }
    DossierScreen #dossier-rest { height: 1fr; }
    DossierScreen #dossier-body { height: auto; padding: 0 1; }
    """

    AUTO_FOCUS = "#dossier-cases"

    def __init__(self, about: About, value: str) -> None:
        super().__init__()
        localize(self, KEYS)
        self.about, self.value = about, value
        self.found: Dossier | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="dossier-head")
        yield DataTable(id="dossier-cases", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="dossier-rest"):
            yield Static(id="dossier-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self._columns()
        self.load()

    def _columns(self) -> None:
        self.shown = set_columns(self.query_one(DataTable), found=True)

    @work(thread=True, exclusive=True, group="dossier")
    def load(self) -> None:
        """Read off the UI thread: archived months and handovers are files to open."""
        try:
            found = dossier(self.app.store, self.about, self.value)
        except ShiftboardError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._show, found)

    def _failed(self, error: ShiftboardError) -> None:
        self.query_one("#dossier-head", Static).update(message(error))

    def _show(self, found: Dossier) -> None:
        self.found = found
        self.query_one("#dossier-head", Static).update(Text(visible(t(
            f"dossier.title.{found.about.value}", value=found.value, cases=len(found.cases),
            register=len(found.register), said=len(found.said), handovers=len(found.handovers))), style="bold"))
        table = self.query_one(DataTable)
        table.clear()
        for case in found.cases:
            cells = search_cells({**case, "buyer": visible(case.get("buyer") or "-")})
            table.add_row(*shown_cells(cells, self.shown), key=case["id"])
        self.query_one("#dossier-body", Static).update(self._body(found))

    def _body(self, found: Dossier) -> Text:
        now = self.app.clock.now()
        body = Text()
        if found.register:
            body.append(t("dossier.register") + "\n", style="bold")
            for case in found.register:
                body.append(f"  {case['created_at'][:10]}  {visible(case.get('item', ''))} × {case.get('quantity', '')}"
                            f"  {visible(case.get('return_tracking_no', ''))}  {word('status', case['status'])}\n")
        body.append(t("dossier.said") + "\n", style="bold")
        for case, entry in found.said:
            moment = when(parse_time(entry["at"], now.timezone_name), now)
            body.append(f"  {moment}  {visible(entry['by'])}  {visible(said_text(entry))}\n")
        if not found.said:
            body.append(f"  {t('dossier.nothing')}\n", style="dim")
        body.append(t("dossier.handovers") + "\n", style="bold")
        for mention in found.handovers:
            body.append(f"  {visible(mention.where)}  {visible(mention.handover.get('from', ''))}\n")
        if not found.handovers:
            body.append(f"  {t('dossier.nothing')}\n", style="dim")
        return body

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from shiftboard.tui.desk.case import CaseScreen

        self.app.push_screen(CaseScreen(event.row_key.value), lambda _: self.load())

    def action_back(self) -> None:
        self.app.pop_screen()

    def relabel(self) -> None:
        localize(self, KEYS)
        self._columns()
        if self.found is not None:
            self._show(self.found)
