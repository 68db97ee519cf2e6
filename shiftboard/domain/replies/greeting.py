"""Which greeting the clock calls for: 早上好 before noon, 您好 after, a holiday's own on holidays.

Holiday dates come from the maintained `holidays` library (China's official calendar, including
the days off moved around each break), never from a hand-written list. A team may add its own
greeting periods (`greetings.toml`): from a start to an end date they replace the greeting and
may bring a notice script (e.g. when shipping pauses over the Spring Festival).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import holidays
import pendulum
from pendulum import Date, DateTime

from shiftboard.domain.replies.library import (
    ReplyLibrary, Script, close_document, open_document, template_problem,
)
from shiftboard.domain.problems import Checker

NOON = 12
#: How far a break may stretch around its holiday (long Spring Festival breaks run 8–9 days).
_BREAK_DAYS = 10


class Holiday(StrEnum):
    NEW_YEAR = "new_year"
    SPRING_FESTIVAL = "spring_festival"
    LABOUR_DAY = "labour_day"
    MID_AUTUMN = "mid_autumn"
    NATIONAL_DAY = "national_day"


# The library's own (Chinese) names; the first that appears in a day's name wins, so a day
# that is both Mid-Autumn and National Day greets with the rarer Mid-Autumn.
_NAMES = (("春节", Holiday.SPRING_FESTIVAL), ("除夕", Holiday.SPRING_FESTIVAL),
          ("中秋", Holiday.MID_AUTUMN), ("国庆", Holiday.NATIONAL_DAY),
          ("劳动节", Holiday.LABOUR_DAY), ("元旦", Holiday.NEW_YEAR))


@cache
def _calendar(year: int) -> dict[datetime.date, str]:
    """China's days off around `year` (a break may cross New Year), by their Chinese names."""
    return dict(holidays.China(years=(year - 1, year, year + 1), language="zh_CN").items())


def _kind(name: str) -> Holiday | None:
    return next((kind for mark, kind in _NAMES if mark in name), None)


def holiday_on(day: Date) -> Holiday | None:
    """The public holiday `day` belongs to, if it is one of the five greeted ones.

    A day off that was moved (调休) carries no holiday name; it belongs to the break it is part
    of, whose holiday is the one most of the break's named days carry (so the days after a
    Mid-Autumn that falls inside the National Day break still greet for National Day).
    """
    calendar = _calendar(day.year)
    name = calendar.get(day)
    if name is None:
        return None
    kinds = [kind for other in _break_around(calendar, day) if (kind := _kind(other))]
    return _kind(name) or (max(kinds, key=kinds.count) if kinds else None)


def _break_around(calendar: dict[datetime.date, str], day: Date) -> list[str]:
    """The names of the days off before and after `day`, up to the working days that end the break."""
    names = []
    for step in (-1, 1):
        for distance in range(1, _BREAK_DAYS):
            other = day.add(days=step * distance)
            name = calendar.get(other)
            if name is None and other.day_of_week not in (pendulum.SATURDAY, pendulum.SUNDAY):
                break
            if name:
                names.append(name)
    return names


@dataclass(frozen=True)
class GreetingPeriod:
    """A team's own greeting period (inclusive dates), with its words and/or a notice script."""

    start: Date
    end: Date
    greeting: str | None = None
    title: str | None = None
    notice: str | None = None

    def covers(self, day: Date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class GreetingChoice:
    """What to greet with now: a greeting kind, the time-of-day fallback, a team period."""

    kind: str  # a replies.GREETING_KINDS entry
    fallback: str  # "morning" or "default", for a library without the holiday's words
    period: GreetingPeriod | None = None


def choose_greeting(now: DateTime, periods: tuple[GreetingPeriod, ...] = ()) -> GreetingChoice:
    day = now.date()
    fallback = "morning" if now.hour < NOON else "default"
    holiday = holiday_on(day)
    active = [p for p in periods if p.covers(day)]
    period = max(active, key=lambda p: p.start) if active else None
    return GreetingChoice(holiday.value if holiday else fallback, fallback, period)


def greeting_words(choice: GreetingChoice, words: Mapping[str, str]) -> str:
    """The words `{greeting}` becomes: the team period's, else the library's for the kind."""
    if choice.period and choice.period.greeting:
        return choice.period.greeting
    return words.get(choice.kind) or words.get(choice.fallback) or words.get("default", "")


NOTICE_ID = "greeting-period"


def with_notice(library: ReplyLibrary, choice: GreetingChoice) -> ReplyLibrary:
    """The library, with the current greeting period's notice first among the greetings."""
    period = choice.period
    if period is None or not period.notice:
        return library
    category = (library.category("greeting") or library.categories[0]).id
    notice = Script(NOTICE_ID, category, period.title or period.notice, period.notice)
    return ReplyLibrary(library.categories, (notice, *library.scripts), library.greetings)


def parse_greeting_periods(text: str) -> tuple[GreetingPeriod, ...]:
    """Parse a team's `greetings.toml`; raise ReplyFileError listing every problem."""
    data, check = open_document(text, {"periods"})
    periods_data = data.get("periods", [])
    if not isinstance(periods_data, list):
        check.add(("periods",), "check.not_table")
        periods_data = []
    periods = [_period(check, p, ("periods", i)) for i, p in enumerate(periods_data)]
    close_document(check)
    return tuple(p for p in periods if p)


def _period(check: Checker, data: object, path: tuple) -> GreetingPeriod | None:
    if not isinstance(data, dict):
        check.add(path, "check.not_table")
        return None
    check.known_keys(data, path, {"start", "end", "greeting", "title", "notice"})
    start, end = _date(check, data, path, "start"), _date(check, data, path, "end")
    greeting = check.text(data, path, "greeting", required=False)
    title = check.text(data, path, "title", required=False)
    notice = check.text(data, path, "notice", required=False)
    ok = start is not None and end is not None
    if ok and end < start:
        check.add(path + ("end",), "check.period_order", start=start.to_date_string(),
                  end=end.to_date_string())
        ok = False
    if greeting is None and notice is None:
        check.add(path, "check.period_empty")
        ok = False
    if notice is not None and (problem := template_problem(notice)):
        check.add(path + ("notice",), problem[0], **problem[1])
        ok = False
    if notice is not None and title is None:
        check.add(path, "check.missing", name="title")  # the notice is listed by its title
        ok = False
    return GreetingPeriod(start, end, greeting, title, notice) if ok else None


def _date(check: Checker, data: dict, path: tuple, name: str) -> Date | None:
    value = data.get(name)
    if value is None:
        check.add(path, "check.missing", name=name)
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return pendulum.date(value.year, value.month, value.day)
    try:
        parsed = pendulum.parse(str(value), exact=True, strict=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        parsed = None
    if not isinstance(parsed, Date) or isinstance(parsed, DateTime):
        check.add(path + (name,), "check.bad_date", name=name, value=value)
        return None
    return parsed
