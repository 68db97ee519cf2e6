"""The case desk: the open queue as a table, one page at a time, filtered and sorted by due
time; search across all history; the way into a case, a new case, the register, the rules."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.cases.desk import Page, QueueFilter
from shiftboard.domain.cases.flows import open_statuses
from shiftboard.errors import ShiftboardError
from shiftboard.render.fmt import word
from shiftboard.i18n import t
from shiftboard.tui.desk.columns import COLUMNS, fitting, queue_cells, room, search_cells, set_columns, shown_cells
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import Key, KeyedScreen, localize
from shiftboard.tui.modals import Choice

#: How often the page is read again: clocks move on, other agents change cases.
LOOK_EVERY = 5.0
ANY = "*"

KEYS = (
    Key("n", "new", "desk.keys.new"),
    Key("slash", "search", "desk.keys.search", display="/"),
    Key("f", "filter_kind", "desk.keys.kind"),
    Key("s", "filter_status", "desk.keys.status", show=False),
    Key("o", "filter_store", "desk.keys.store", show=False),
    Key("w", "filter_handler", "desk.keys.handler", show=False),
    Key("u", "due_hour", "desk.keys.due_hour"),
    Key("b", "breached", "desk.keys.breached"),
    Key("x", "clear", "desk.keys.clear", show=False),
    Key("pagedown,right_square_bracket", "page(1)", "desk.keys.next_page", display="PgDn/]", show=False,
        priority=True),
    Key("pageup,left_square_bracket", "page(-1)", "desk.keys.prev_page", display="PgUp/[", show=False,
        priority=True),
    Key("v", "dossier('order')", "dossier.order_view", show=False),
    Key("y", "dossier('buyer')", "dossier.buyer_view", show=False),
    Key("i", "import_export", "import_ui.open", show=False),
    Key("R", "register", "desk.keys.register", display="R"),
    Key("p", "rules", "desk.keys.rules"),
    Key("L", "language", "keys.language", display="L", show=False),
    Key("f1,question_mark", "help", "keys.help", display="F1/?"),
    Key("escape", "back", "desk.keys.back", display="Esc"),
)


class CaseDesk(KeyedScreen, Screen):
    """Never more rows in the table than a page: a year of cases stays in the store."""

    HELP_NOTES = "desk.help"

    DEFAULT_CSS = """
    CaseDesk #desk-head { height: auto; padding: 0 1; background: $boost; }
    CaseDesk DataTable { height: 1fr; }
    """

    AUTO_FOCUS = "#cases"

    def __init__(self, kind: str | None = None) -> None:
        super().__init__()
        localize(self, KEYS)
        self.wanted = QueueFilter(kind=kind)
        self.page_no = 0
        self.page: Page | None = None
        self.query_text: str | None = None  # a search on screen instead of the queue
        self.found: list[dict] = []
        self._to_top = False  # a new filter or search shows its most urgent row first
        self._focus: str | None = None  # a case just made: its page is shown, the cursor on it
        self.shown: tuple[str, ...] = COLUMNS  # the columns the width leaves room for
        self._rows: list[tuple[str, list]] = []  # what the table shows, all columns
        self._searching = False  # the columns are titled for search results

    def compose(self) -> ComposeResult:
        yield Static(id="desk-head")
        yield Input(id="search", placeholder=t("desk.search_hint"))
        yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self._columns()
        # The first page is read before the first paint, so the desk opens whole (one page of
        # open cases is a small read); later looks run off the UI thread.
        self._read(lambda show, result: show(result))
        self.set_interval(LOOK_EVERY, self._tick)

    def _columns(self) -> None:
        self._searching = self.query_text is not None
        self.shown = set_columns(self.query_one(DataTable), found=self._searching)

    def on_resize(self) -> None:
        if fitting(room(self.query_one(DataTable))) != self.shown:  # the rows are kept: only the columns change
            self._columns()
            self._fill(self._rows)

    def _tick(self) -> None:
        if self.query_text is None and self.app.screen is self:
            self.reload()

    # -- reading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="desk")
    def reload(self) -> None:
        """Read the page (or the search) off the UI thread; the store may be a shared folder."""
        self._read(self.app.call_from_thread)

    def _read(self, call) -> None:
        try:
            if self._focus is not None:
                self._find_focus(call)
            if self.query_text is not None:
                self._index_ready(call)
                call(self._show_found, self.app.cases.search(self.query_text, partial=True))
            else:
                call(self._show_page, self.app.cases.queue(self.wanted, self.page_no))
        except ShiftboardError as error:
            call(self.app.report, error)

    def _index_ready(self, call) -> None:
        """A data dir made before the partial-search index: build it (in this worker) and
        say so, since on a year of history the first search waits for it."""
        left = self.app.cases.partial_index_left()
        if left:
            call(self.app.notify, t("search_index.building", count=left), timeout=30)
            self.app.cases.build_partial_index()
            call(self.app.notify, t("search_index.built"))

    def _find_focus(self, call) -> None:
        """Show the page a new case is on; if the filters hide it, clear them and say so."""
        page = self.app.cases.page_of(self._focus, self.wanted)
        if page is None:
            self.wanted = QueueFilter()
            page = self.app.cases.page_of(self._focus, self.wanted)
            call(self.app.notify, t("desk.filters_cleared"))
        self.page_no, self.query_text = page or 0, None

    def _show_page(self, page: Page) -> None:
        if page.rows == () and page.page > 0:  # the page emptied under us: show the last one
            self.page_no = page.pages - 1
            self.reload()
            return
        self.page = page
        now = self.app.clock.now()
        self._fill([(v.case["id"], queue_cells(v, now)) for v in page.rows])
        self._head()

    def _show_found(self, found: list[dict]) -> None:
        self.found = found
        self._fill([(row["id"], search_cells(row)) for row in found])
        self._head()

    def _fill(self, rows: list[tuple[str, list]]) -> None:
        table = self.query_one(DataTable)
        keep = self._focus or (None if self._to_top else self.current_id)
        self._to_top, self._focus = False, None
        self._rows = rows
        if self._searching != (self.query_text is not None):  # the first column's title changes
            self._columns()
        table.clear()
        for case_id, cells in rows:
            table.add_row(*shown_cells(cells, self.shown), key=case_id)
        ids = [case_id for case_id, _ in rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)

    @property
    def current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _head(self) -> None:
        head = Text()
        head.append(t("desk.title"), style="bold")
        if self.query_text is not None:
            head.append("  " + t("desk.found", query=self.query_text, count=len(self.found)))
            head.append("\n" + t("desk.search_back"), style="dim")
        else:
            head.append("  " + _filters(self.wanted))
            if self.page is not None:
                head.append("  " + t("case.page", page=self.page.page + 1, pages=self.page.pages,
                                     total=self.page.total), style="bold")
            head.append("\n" + t("desk.hint"), style="dim")
        self.query_one("#desk-head", Static).update(head)

    # -- opening ---------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_case(event.row_key.value)

    def open_case(self, case_id: str) -> None:
        from shiftboard.tui.desk.case import CaseScreen

        self.app.push_screen(CaseScreen(case_id), lambda _: self.reload())

    def action_new(self) -> None:
        from shiftboard.tui.desk.case_form import CaseForm

        def made(case: dict | None) -> None:
            if case is not None:
                self.app.notify(t("case.created", case=case["id"]))
                self._focus = case["id"]
                self.reload()

        def chosen(kind: str | None) -> None:
            if kind:
                self.app.push_screen(CaseForm(CaseKind(kind)), made)

        options = [(kind.value, word("kind", kind.value)) for kind in CaseKind]
        self.app.push_screen(Choice(t("desk.new_title"), options, self.wanted.kind), chosen)

    # -- search ----------------------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.query_text, self._to_top = text or None, True
        self.query_one("#search", Input).display = False
        self.query_one(DataTable).focus()
        self.reload()

    def action_back(self) -> None:
        """Escape: out of the search box, then out of a search, then back to the dashboard."""
        box = self.query_one("#search", Input)
        if box.display:
            box.display = False
            self.query_one(DataTable).focus()
        elif self.query_text is not None:
            self.query_text = None
            box.value = ""
            self.reload()
        else:
            self.app.pop_screen()

    # -- filters ---------------------------------------------------------------------------

    def _narrow(self, **change: object) -> None:
        self.wanted, self.page_no, self.query_text = replace(self.wanted, **change), 0, None
        self._to_top = True
        self.reload()

    def _pick(self, title: str, options: list[tuple[str, str]], current: str | None, field: str) -> None:
        def chosen(value: str | None) -> None:
            if value is not None:
                self._narrow(**{field: None if value == ANY else value})

        self.app.push_screen(Choice(title, [(ANY, t("desk.any")), *options], current or ANY), chosen)

    def action_filter_kind(self) -> None:
        options = [(kind.value, word("kind", kind.value)) for kind in CaseKind]
        self._pick(t("desk.keys.kind"), options, self.wanted.kind, "kind")

    def action_filter_status(self) -> None:
        kinds = [CaseKind(self.wanted.kind)] if self.wanted.kind else list(CaseKind)
        statuses = dict.fromkeys(status for kind in kinds for status in open_statuses(kind))
        self._pick(t("desk.keys.status"), [(s, word("status", s)) for s in statuses], self.wanted.status, "status")

    def action_filter_store(self) -> None:
        stores = self.app.cases.open_values("store")
        self._pick(t("desk.keys.store"), [(s, s) for s in stores], self.wanted.store, "store")

    def action_filter_handler(self) -> None:
        me = self.app.settings.agent
        handlers = [me, *(h for h in self.app.cases.open_values("handler") if h != me)]
        options = [(h, t("desk.me", agent=h) if h == me else h) for h in handlers]
        self._pick(t("desk.keys.handler"), options, self.wanted.handler, "handler")

    def action_due_hour(self) -> None:
        self._narrow(due_within_minutes=None if self.wanted.due_within_minutes else 60)

    def action_breached(self) -> None:
        self._narrow(breached=not self.wanted.breached)

    def action_clear(self) -> None:
        self.wanted = QueueFilter()
        self._narrow()

    def action_page(self, step: int) -> None:
        if self.page is not None and self.query_text is None:
            self.page_no = min(max(0, self.page_no + step), self.page.pages - 1)
            self._to_top = True
            self.reload()

    # -- elsewhere -------------------------------------------------------------------------

    def action_dossier(self, about: str) -> None:
        """Everything about the highlighted case's order (or buyer) on one screen."""
        from shiftboard.services.dossier import About
        from shiftboard.tui.desk.dossier import DossierScreen

        rows = {row["id"]: row for row in self.found} if self.query_text is not None else \
            {view.case["id"]: view.case for view in (self.page.rows if self.page else ())}
        case = rows.get(self.current_id or "")
        value = case.get("order_no" if about == "order" else "buyer") if case else None
        if not value:
            self.app.notify(t(f"dossier.missing.{about}"), severity="warning")
            return
        self.app.push_screen(DossierScreen(About(about), value))

    def action_register(self) -> None:
        from shiftboard.tui.desk.register import ReturnRegister

        self.app.push_screen(ReturnRegister())

    def action_import_export(self) -> None:
        from shiftboard.tui.importing.screen import ImportScreen

        self.app.push_screen(ImportScreen(), lambda _: self.reload())

    def action_rules(self) -> None:
        from shiftboard.tui.desk.rules_helper import RulesHelper

        self.app.push_screen(RulesHelper())

    def relabel(self) -> None:
        localize(self, KEYS)
        self.query_one("#search", Input).placeholder = t("desk.search_hint")
        self._columns()
        self.reload()


def _filters(wanted: QueueFilter) -> str:
    """`kind: after-sales · due within 1 h` — what the queue is narrowed to."""
    parts = [t(f"desk.filter.{name}", value=word(group, value)) for name, group, value in (
        ("kind", "kind", wanted.kind), ("status", "status", wanted.status), ("store", "store", wanted.store),
        ("handler", "handler", wanted.handler)) if value]
    if wanted.due_within_minutes:
        parts.append(t("desk.filter.due_hour"))
    if wanted.breached:
        parts.append(t("desk.filter.breached"))
    return " · ".join(parts) if parts else t("desk.filter.none")

