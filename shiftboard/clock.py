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


_OFFSET = re.compile(r"^([+-])\s*(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?$")


def parse_now(value: str | None, tz: str) -> Clock:
    """Build the clock the `--now` option asks for (absolute time pins it, `+2h` offsets it)."""
    if not value:
        return SystemClock(tz)
    text = value.strip()
    match = _OFFSET.match(text)
    if match and any(match.group(i) for i in (2, 3, 4)):
        sign = -1 if match.group(1) == "-" else 1
        days, hours, minutes = (int(match.group(i) or 0) for i in (2, 3, 4))
        return OffsetClock(tz, pendulum.duration(days=days, hours=hours, minutes=minutes) * sign)
    try:
        parsed = pendulum.parse(text, tz=tz, strict=False)
    except (ValueError, TypeError, pendulum.parsing.exceptions.ParserError):  # pendulum: TypeError on "10:"
        raise ShiftboardError("error.bad_now", value=value) from None
    if not isinstance(parsed, DateTime):
        raise ShiftboardError("error.bad_now", value=value)
    return FixedClock(parsed)
