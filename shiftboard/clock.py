"""The one place that reads the wall clock.

Everything else receives a clock and asks it for ``now()``, so tests can pin time and
agents can rehearse a shift with ``--now``. The clocks are NamedTuples and one small class,
not dataclasses: those cost ~0.2 ms each to build, at every start.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Protocol

import pendulum
from pendulum import DateTime, Duration

from shiftboard.errors import ShiftboardError


class Clock(Protocol):
    tz: str

    def now(self) -> DateTime: ...


class SystemClock(NamedTuple):
    """The real clock, in the team's time zone."""

    tz: str

    def now(self) -> DateTime:
        return pendulum.now(self.tz)


class FixedClock:
    """A clock that stands still (tests, `--now 2026-11-23 08:45`); `advance` moves it by hand."""

    def __init__(self, at: DateTime) -> None:
        self.at = at

    def __repr__(self) -> str:
        return f"FixedClock({self.at.isoformat()})"

    @property
    def tz(self) -> str:
        return self.at.timezone_name

    def now(self) -> DateTime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at = self.at.add(**kwargs)


class OffsetClock(NamedTuple):
    """The real clock shifted by a fixed amount (`--now +2h`): time runs, for rehearsal."""

    tz: str
    offset: Duration

    def now(self) -> DateTime:
        return pendulum.now(self.tz) + self.offset


def starting_at(tz: str, hour: int, minute: int) -> OffsetClock:
    """A running clock that reads `hour:minute` today right now (the demo's afternoon)."""
    now = pendulum.now(tz)
    return OffsetClock(tz, now.set(hour=hour, minute=minute, second=0, microsecond=0) - now)


_OFFSET = re.compile(
    r"^([+-])\s*(?:(\d{1,6})d)?\s*(?:(\d{1,6})h)?\s*(?:(\d{1,6})m(?:in)?)?\s*(?:(\d{1,6})s)?$"
)

#: The years a clock may read: a shift plan is about now, give or take a rehearsal or an old
#: run looked at again. Past these, pendulum overflows or upkeep would archive the live data.
YEARS = (2000, 2100)


def parse_now(value: str | None, tz: str) -> Clock:
    """Build the clock the `--now` option asks for (absolute time pins it, `+2h` offsets it).
    An offset is read whole or refused whole ("-3h50m30s" is not 03:50)."""
    if not value:
        return SystemClock(tz)
    text = value.strip()
    if text[:1] in "+-":
        return _offset_clock(text, value, tz)
    try:
        parsed = pendulum.parse(text, tz=tz, strict=False)
    except (ValueError, TypeError, OverflowError, pendulum.parsing.exceptions.ParserError):
        raise ShiftboardError("error.bad_now", value=value) from None  # pendulum: TypeError on "10:"
    if not isinstance(parsed, DateTime):
        raise ShiftboardError("error.bad_now", value=value)
    return _in_range(FixedClock(parsed), value)


def _offset_clock(text: str, value: str, tz: str) -> Clock:
    match = _OFFSET.match(text)
    if not match or not any(match.group(i) for i in (2, 3, 4, 5)):
        raise ShiftboardError("error.bad_now", value=value)
    sign = -1 if match.group(1) == "-" else 1
    days, hours, minutes, seconds = (int(match.group(i) or 0) for i in (2, 3, 4, 5))
    offset = pendulum.duration(days=days, hours=hours, minutes=minutes, seconds=seconds) * sign
    return _in_range(OffsetClock(tz, offset), value)


def _in_range(clock: Clock, value: str) -> Clock:
    try:
        year = clock.now().year
    except (OverflowError, ValueError):
        year = None
    if year is None or not YEARS[0] <= year <= YEARS[1]:
        raise ShiftboardError("error.now_out_of_range", value=value, first=YEARS[0], last=YEARS[1])
    return clock


def wall_date(tz: str):
    """Today's date by the real clock, whatever `--now` says (upkeep must not follow a
    rehearsal clock into the future and move live records into history)."""
    return pendulum.now(tz).date()
