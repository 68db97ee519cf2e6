"""The case desk's table: which columns fit the screen, in order of importance, and the
cells of a queue row or a search result (the desk and the dossier share them)."""

from __future__ import annotations

from pendulum import DateTime
from rich.text import Text
from textual.widgets import DataTable

from shiftboard.domain.cases.desk import CaseView
from shiftboard.i18n import t
from shiftboard.render.fmt import word
from shiftboard.tui.dashboard.due_soon import SIGNS, left

#: Who and what first: at 80 columns the due time, the kind, the buyer, the status and the order no. show.
COLUMNS = ("due", "kind", "buyer", "status", "order_no", "clock", "store", "handler")
#: Each column's width in cells (longer values are cut with "…"); the columns that do not fit
#: the screen are left out from the end of COLUMNS.
WIDTHS = {"due": 15, "kind": 12, "buyer": 10, "status": 12, "clock": 12, "order_no": 16, "store": 10,
          "handler": 8}
#: Cells a column takes besides its width (the table's padding either side).
PADDING = 2


def queue_cells(view: CaseView, now: DateTime) -> list[Text | str]:
    """One row of the queue: due (countdown), the case, the clock that runs out next."""
    upcoming = view.next_deadline
    if upcoming is None:
        return _cells(view.case, due=Text("-", style="dim"), clock="")
    sign, style = SIGNS.get(upcoming.status, ("·", ""))
    return _cells(view.case, due=Text(f"{sign} {left(upcoming.due - now)}", style=style),
                  clock=Text(word("clock", upcoming.rule.id), style=style))


def search_cells(row: dict) -> list[Text | str]:
    """One search result: where it lives (open, or the month it is archived in), then the case."""
    where = Text(row.get("period") or t("case.live"), style="dim" if row.get("period") else "bold")
    return _cells(row, due=where, clock="")


def _cells(case: dict, **first: Text | str) -> list[Text | str]:
    cells = {"kind": word("kind", case.get("kind", "")), "buyer": case.get("buyer") or "-",
             "status": word("status", case.get("status", "")),
             "order_no": case.get("order_no") or case.get("tracking_no") or "-",
             "store": case.get("store", ""), "handler": case.get("handler", ""), **first}
    return [_fit(cells[name], WIDTHS[name]) for name in COLUMNS]


def room(table: DataTable) -> int:
    """The table's width less its scrollbar (the screen's before the first layout)."""
    return (table.size.width or table.app.size.width) - table.styles.scrollbar_size_vertical


def set_columns(table: DataTable, found: bool = False) -> tuple[str, ...]:
    """Give `table` the columns its width has room for (see `fitting`) and return them; search
    results say where a case lives in the first column, not when it is due."""
    shown = fitting(room(table))
    table.clear(columns=True)
    for name in shown:
        label = "desk.col.where" if found and name == "due" else f"desk.col.{name}"
        table.add_column(t(label), key=name, width=WIDTHS[name])
    return shown


def shown_cells(cells: list, shown: tuple[str, ...]) -> list:
    """The cells of a row (one per COLUMNS) that go in the columns shown."""
    return [cells[COLUMNS.index(name)] for name in shown]


def fitting(width: int) -> tuple[str, ...]:
    """The columns that fit in `width` cells, in order of importance (at least the first)."""
    shown, used = [], 0
    for name in COLUMNS:
        used += WIDTHS[name] + PADDING
        if used > width and shown:
            break
        shown.append(name)
    return tuple(shown)


def _fit(value: Text | str, width: int) -> Text | str:
    """Cut to the column's width with "…", so a cut word still reads as cut."""
    text = value.copy() if isinstance(value, Text) else Text(str(value))
    text.truncate(width, overflow="ellipsis")
    return text
