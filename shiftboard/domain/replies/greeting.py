"""Which greeting the clock calls for: 早上好 before noon, 您好 after, a holiday's own on holidays.

A holiday greeting is used on every day of the official break as the State Council publishes it
(Spring Festival 2026: 02-15 to 02-23, the weekend days inside it included), never on the moved
working days (调休上班) around it. The breaks come from the maintained `chinese-calendar`
library, never from a hand-written list; a year it does not know yet greets by the clock, and
`shiftboard check` names that year. A team may add its own greeting periods (`greetings.toml`):
from a start to an end date they replace the greeting and may bring a notice script (e.g. when
shipping pauses over the Spring Festival).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import pendulum
from pendulum import Date, DateTime

from shiftboard.domain.replies.library import (
    ReplyLibrary, Script, close_document, open_document, template_problem,
)
from shiftboard.domain.problems import Checker

NOON = 12


class Holiday(StrEnum):
    NEW_YEAR = "new_year"
    SPRING_FESTIVAL = "spring_festival"
    LABOUR_DAY = "labour_day"
    MID_AUTUMN = "mid_autumn"
    NATIONAL_DAY = "national_day"


# chinese-calendar's names of the breaks; a day of a break the library names Mid-Autumn inside
# the National Day break greets for Mid-Autumn. Tomb-sweeping and Dragon Boat are not greeted.
_NAMES = {"New Year's Day": Holiday.NEW_YEAR, "Spring Festival": Holiday.SPRING_FESTIVAL,
          "Labour Day": Holiday.LABOUR_DAY, "Mid-autumn Festival": Holiday.MID_AUTUMN,
          "National Day": Holiday.NATIONAL_DAY}


@cache
def _calendar():
    # loaded on the first greeting, not when the app starts
    import chinese_calendar

    return chinese_calendar


def calendar_knows(year: int) -> bool:
    """Whether the holiday library has the State Council's breaks for `year`."""
    try:
        _calendar().get_holiday_detail(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def holiday_on(day: Date) -> Holiday | None:
    """The greeted public holiday whose official break `day` is part of, if any.

    A weekend day inside the break is part of it; a working day moved to a weekend (补班) is not,
    and neither is a day of a year the library does not know yet.
    """
    try:
        off, name = _calendar().get_holiday_detail(datetime.date(day.year, day.month, day.day))
    except NotImplementedError:
        return None
    return _NAMES.get(name) if off else None


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
