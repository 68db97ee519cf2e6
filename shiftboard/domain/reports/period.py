"""The periods reports cover: a day, an ISO week (Monday to Sunday) or a calendar month."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

import pendulum
from pendulum import Date

from shiftboard.errors import ShiftboardError


class PeriodKind(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"  # the twelve months up to a date (the benchmark's "a year's report")


class Period(NamedTuple):
    kind: PeriodKind
    first: Date
    last: Date

    @property
    def label(self) -> str:
        """2026-11-23, 2026-W48, 2026-11, 2025-12…2026-11."""
        if self.kind is PeriodKind.DAY:
            return self.first.isoformat()
        if self.kind is PeriodKind.WEEK:
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind is PeriodKind.MONTH:
            return self.first.isoformat()[:7]
        return f"{self.first.isoformat()[:7]}…{self.last.isoformat()[:7]}"

    def days(self) -> list[str]:
        return [self.first.add(days=n).isoformat() for n in range((self.last - self.first).in_days() + 1)]

    def shifted(self, steps: int) -> Period:
        """The period `steps` before (negative) or after this one, of the same kind."""
        if self.kind is PeriodKind.DAY:
            return period_of(self.kind, self.first.add(days=steps))
        if self.kind is PeriodKind.WEEK:
            return period_of(self.kind, self.first.add(weeks=steps))
        if self.kind is PeriodKind.MONTH:
            return period_of(self.kind, self.first.add(months=steps))
        return period_of(self.kind, self.last.add(months=steps))


def period_of(kind: PeriodKind | str, day: Date) -> Period:
    """The period of `kind` that holds `day`."""
    kind = PeriodKind(kind)
    if kind is PeriodKind.DAY:
        return Period(kind, day, day)
    if kind is PeriodKind.WEEK:
        first = day.subtract(days=day.weekday())
        return Period(kind, first, first.add(days=6))
    if kind is PeriodKind.MONTH:
        first = day.replace(day=1)
        return Period(kind, first, first.add(months=1).subtract(days=1))
    last = day.replace(day=1).add(months=1).subtract(days=1)
    return Period(kind, last.replace(day=1).subtract(months=11), last)


def parse_day(text: str) -> Date:
    try:
        return pendulum.Date.fromisoformat(text.strip())
    except ValueError:
        raise ShiftboardError("error.bad_date", value=text) from None


def week_of(day: str) -> str:
    """The ISO week a YYYY-MM-DD falls in: 2026-W48."""
    year, week, _ = pendulum.Date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"
