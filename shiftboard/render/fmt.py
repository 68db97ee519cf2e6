"""Small display helpers shared by the CLI and the screens (all words via `t`).

Times are written with `strftime` codes, here and wherever a stamp is written (`%H:%M`,
`%Y-%m`): they are numbers only, and pendulum's own `format()` loads its locale machinery on
first use (~4 ms of the dashboard's start-up)."""

from __future__ import annotations

from pendulum import DateTime, Duration
from rich.cells import cell_len

from shiftboard.i18n import t, t_or


def duration(span: Duration) -> str:
    """`45 min`, `2 h 05 min` — rounded up to whole minutes, so 30 s left reads `1 min`."""
    minutes = max(0, -(-int(span.total_seconds()) // 60))
    hours, rest = divmod(minutes, 60)
    if hours:
        return t("time.hours_minutes", h=hours, m=f"{rest:02d}")
    return t("time.minutes", m=rest)


def countdown(span: Duration, seconds: bool = True) -> str:
    """`0:44:59` — the live countdown of a block; without `seconds`, `0:45` (rounded up, so
    the last seconds read `0:01`)."""
    left = max(0, int(span.total_seconds()))
    if not seconds:
        minutes = -(-left // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    hours, rest = divmod(left, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def same_minute(one: DateTime, other: DateTime) -> bool:
    return (one.year, one.month, one.day, one.hour, one.minute) == (
        other.year, other.month, other.day, other.hour, other.minute)


def hm(moment: DateTime) -> str:
    return moment.strftime("%H:%M")


def span(start: DateTime, end: DateTime) -> str:
    return f"{hm(start)}–{hm(end)}"


def pad(text: str, width: int) -> str:
    """Left-align to `width` terminal cells (a Chinese character takes two)."""
    return text + " " * max(0, width - cell_len(text))


def weekday(moment: DateTime) -> str:
    return t(f"weekday.{int(moment.day_of_week)}")


def word(group: str, value: object) -> str:
    """A catalogue word for a value (`case.status.refunded`), or the value itself."""
    return t_or(f"case.{group}.{value}", str(value))


def when(moment: DateTime | None, now: DateTime) -> str:
    if moment is None:
        return "-"
    return moment.strftime("%H:%M" if moment.date() == now.date() else "%m-%d %H:%M")
