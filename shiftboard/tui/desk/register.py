"""The return register as the team keeps it: every return or exchange parcel that reached the
warehouse, per store — problem, quantity, model, return tracking no., status — over a range of
days, with totals per day and store.

The look-up reads a file per day, so it runs off the UI thread; the entries table never holds
more than a page (a long range must not slow the screen).
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Label
from textual.worker import get_current_worker

from shiftboard.domain.cases.desk import RegisterTotal, parse_time
from shiftboard.errors import ShiftboardError
from shiftboard.render.fmt import word
from shiftboard.i18n import t
from shiftboard.render.messages import message
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import HELP_KEY, Key, KeyedScreen, localize
from shiftboard.tui.modals import Choice, TextPrompt

PAGE = 100
DAYS = 7  # shown when the screen opens: the last week, today included
KEYS = (
    Key("escape", "close", "tools.keys.close", display="Esc"),
    Key("r", "range", "tools.keys.range"),
    Key("s", "store", "tools.keys.store"),
    Key("n", "page(1)", "tools.keys.next_page"),
    Key("p", "page(-1)", "tools.keys.prev_page"),
    HELP_KEY,
)
ALL = "@all"  # the store choice that shows every store
ENTRY_COLUMNS = ("day", "store", "item", "quantity", "problem", "tracking", "status")
TOTAL_COLUMNS = ("day", "store", "entries", "pieces", "restocked", "loss", "waiting")
#: Entry columns that share the width left over by the others.
FLEXIBLE = ("store", "item", "problem")


class ReturnRegister(KeyedScreen, Screen):
    """The return register for a range of days (default: the last week), one store or all."""

    HELP_NOTES = "tools.register.help"

    DEFAULT_CSS = """
    ReturnRegister #heading { padding: 0 1; text-style: bold; width: 1fr; }
    ReturnRegister #problem { color: $error; padding: 0 1; height: auto; display: none; }
    ReturnRegister #entries { height: 1fr; }
    ReturnRegister #empty { color: $text-muted; padding: 0 1; height: 1fr; }
    ReturnRegister #totals_title { width: 1fr; padding: 0 1; color: $text-muted; border-top: solid $primary-darken-2; }
    ReturnRegister #totals { height: auto; max-height: 9; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.first = self.last = ""  # the last range that was read without a problem
        self.store: str | None = None
        self.entries: list[dict] = []
        self.totals: list[RegisterTotal] = []
        self.page = 0
        localize(self, KEYS)

    def compose(self) -> ComposeResult:
        yield Label("", id="heading")
        yield Label("", id="problem")
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Label("", id="empty")
        yield Label("", id="totals_title")
        yield DataTable(id="totals", cursor_type="none", show_cursor=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#totals", DataTable).can_focus = False
        self.query_one("#entries", DataTable).focus()
        today = self.app.clock.now().date()
        self.load(today.subtract(days=DAYS - 1).isoformat(), today.isoformat())

    def relabel(self) -> None:
        localize(self, KEYS)
        self._show()

    # -- reading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="return-register")
    def load(self, first: str, last: str) -> None:
        """Every store is read; the store filter is applied on screen, so the store picker
        offers the stores seen in the range."""
        try:
            entries, totals = self.app.cases.register(first, last)
        except ShiftboardError as error:
            self.app.call_from_thread(self._refused, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, first, last, entries, totals)

    def _loaded(self, first: str, last: str, entries: list[dict], totals: list[RegisterTotal]) -> None:
        self.first, self.last, self.entries, self.totals, self.page = first, last, entries, totals, 0
        self._problem("")
        self._show()

    def _refused(self, error: ShiftboardError) -> None:
        """A bad range: say why; the register keeps showing the last good range."""
        self._problem(message(error))

    def _problem(self, text: str) -> None:
        problem = self.query_one("#problem", Label)
        problem.update(text)
        problem.display = bool(text)

    def _shown(self) -> list[dict]:
        return [e for e in self.entries if self.store is None or e.get("store", "") == self.store]

    def _pages(self) -> int:
        return max(1, -(-len(self._shown()) // PAGE))

    # -- drawing -------------------------------------------------------------------------

    def _show(self) -> None:
        shown = self._shown()
        self.query_one("#heading", Label).update(t(
            "tools.register.heading", first=self.first, last=self.last,
            store=self.store or t("tools.register.all_stores"), count=len(shown),
            page=self.page + 1, pages=self._pages()))
        self._fill_entries(shown[self.page * PAGE:(self.page + 1) * PAGE])
        self._fill_totals()

    def _fill_entries(self, rows: list[dict]) -> None:
        table = self.query_one("#entries", DataTable)
        table.clear(columns=True)
        cells = [self._entry_cells(entry) for entry in rows]
        widths = self._widths(cells)
        for name in ENTRY_COLUMNS:
            table.add_column(t(f"tools.register.column.{name}"), width=widths.get(name))
        table.add_rows(cells)
        empty = self.query_one("#empty", Label)
        empty.update(t("tools.register.empty"))
        empty.display = not rows

    def _entry_cells(self, entry: dict) -> tuple:
        moment = parse_time(entry.get("created_at"), self.app.clock.tz)
        status = entry.get("status", "")
        style = {"restocked": "green", "loss": "red"}.get(status, "yellow")
        return (moment.strftime("%m-%d") if moment else entry.get("created_at", "")[5:10],
                _cut(entry.get("store", "")), _cut(entry.get("item", "")),
                Text(str(entry.get("quantity", "")), justify="right"), _cut(entry.get("problem", "")),
                entry.get("return_tracking_no", ""), Text(word("status", status), style=style))

    def _widths(self, cells: list[tuple]) -> dict[str, int]:
        """Store, item and problem share what the other columns leave of the screen's width
        (the narrowest need first, what it leaves goes to the others), so a row stays on an
        80-column screen: long texts are cut, the rest is whole."""
        needed = {name: max([cell_len(t(f"tools.register.column.{name}"))]
                            + [cell_len(str(row[i])) for row in cells])
                  for i, name in enumerate(ENTRY_COLUMNS)}
        fixed = sum(needed[name] for name in ENTRY_COLUMNS if name not in FLEXIBLE)
        left = self.size.width - fixed - 2 * len(ENTRY_COLUMNS) - 2  # cell padding, scrollbar
        widths = {}
        for count, name in enumerate(sorted(FLEXIBLE, key=needed.get)):
            widths[name] = max(4, min(needed[name], left // (len(FLEXIBLE) - count)))
            left -= widths[name]
        return widths

    def _fill_totals(self) -> None:
        self.query_one("#totals_title", Label).update(t("tools.register.totals"))
        table = self.query_one("#totals", DataTable)
        table.clear(columns=True)
        for name in TOTAL_COLUMNS:
            table.add_column(t(f"tools.register.column.{name}"))
        totals = [line for line in self.totals if self.store is None or line.store == self.store]
        for line in totals:
            table.add_row(line.day[5:], line.store, *_numbers(_counts(line)))
        if len(totals) > 1:
            sums = [sum(column) for column in zip(*(_counts(line) for line in totals))]
            table.add_row(Text(t("tools.register.all"), style="bold"), "", *_numbers(sums, "bold"))

    def on_resize(self) -> None:
        if self.first:
            self._show()

    # -- keys ----------------------------------------------------------------------------

    def action_range(self) -> None:
        prompt = TextPrompt(t("tools.register.range_title"), t("tools.register.range_hint"),
                            value=f"{self.first} {self.last}")
        self.app.push_screen(prompt, self._range_typed)

    def _range_typed(self, text: str | None) -> None:
        if not text:
            return
        days = [part for part in re.split(r"[\s,~–]+|\.\.", text) if part]
        if len(days) not in (1, 2):
            self._refused(ShiftboardError("tools.register.bad_range_text", value=text))
            return
        self.load(days[0], days[-1])

    def action_store(self) -> None:
        stores = sorted({entry.get("store", "") for entry in self.entries} - {""})
        options = [(ALL, t("tools.register.all_stores"))] + [(store, store) for store in stores]
        self.app.push_screen(Choice(t("tools.register.store_title"), options, self.store or ALL), self._store_picked)

    def _store_picked(self, store: str | None) -> None:
        if store is None:
            return
        self.store, self.page = (None if store == ALL else store), 0
        self._show()

    def action_page(self, step: int) -> None:
        page = min(max(0, self.page + step), self._pages() - 1)
        if page != self.page:
            self.page = page
            self._show()

    def action_close(self) -> None:
        self.dismiss(None)


def _cut(text: str) -> Text:
    """A text cut with an ellipsis when its column is narrower."""
    return Text(text, no_wrap=True, overflow="ellipsis")


def _counts(line: RegisterTotal) -> tuple[int, ...]:
    return line.entries, line.quantity, line.restocked, line.loss, line.waiting


def _numbers(counts, style: str = "") -> list[Text]:
    return [Text(str(n), style=style, justify="right") for n in counts]
