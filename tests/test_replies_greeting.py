"""The greeting follows the clock: morning before noon, plain after, each holiday its own."""

from __future__ import annotations

import pytest

from shiftboard.clock import FixedClock
from shiftboard.domain.replies.greeting import (
    GreetingPeriod, Holiday, calendar_knows, choose_greeting, greeting_words, holiday_on, parse_greeting_periods,
    with_notice,
)
from shiftboard.domain.replies.library import ReplyFileError, parse_replies
from shiftboard.store.shipped import shipped
from tests.conftest import at


@pytest.fixture(scope="module")
def zh():
    return parse_replies(shipped("replies.zh-CN.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def en():
    return parse_replies(shipped("replies.en.toml").read_text(encoding="utf-8"))


def words_at(library, moment: str, periods=()) -> str:
    return greeting_words(choose_greeting(FixedClock(at(moment)).now(), periods), library.greetings)


def test_before_noon_good_morning_from_noon_hello(zh, en):
    assert words_at(zh, "2026-11-23 00:00") == "早上好"
    assert words_at(zh, "2026-11-23 11:59") == "早上好"
    assert words_at(zh, "2026-11-23 12:00") == "您好"
    assert words_at(zh, "2026-11-23 23:59") == "您好"
    assert (words_at(en, "2026-11-23 11:59"), words_at(en, "2026-11-23 12:00")) == ("Good morning", "Hello")


def _days(first: str, last: str) -> list[str]:
    start, end = at(first).date(), at(last).date()
    return [start.add(days=n).to_date_string() for n in range((end - start).days + 1)]


# The State Council's notice for 2026, written out here so the library is checked, not trusted.
BREAKS_2026 = [
    (_days("2026-01-01", "2026-01-03"), Holiday.NEW_YEAR, "新年好", "Happy New Year"),
    (_days("2026-02-15", "2026-02-23"), Holiday.SPRING_FESTIVAL, "新年好", "Happy New Year"),
    (_days("2026-05-01", "2026-05-05"), Holiday.LABOUR_DAY, "劳动节快乐", "Happy Labour Day"),
    (_days("2026-09-25", "2026-09-27"), Holiday.MID_AUTUMN, "中秋节快乐", "Happy Mid-Autumn Festival"),
    (_days("2026-10-01", "2026-10-07"), Holiday.NATIONAL_DAY, "国庆节快乐", "Happy National Day"),
]
#: Working days moved onto a weekend (调休上班) around those breaks: an ordinary day's greeting.
IN_LIEU_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


@pytest.mark.parametrize("day,holiday,zh_words,en_words",
                         [(day, *rest) for days, *rest in BREAKS_2026 for day in days])
def test_every_day_of_each_break_greets_for_its_holiday(zh, en, day, holiday, zh_words, en_words):
    assert holiday_on(at(day).date()) is holiday
    for hour in ("00:00", "09:00", "15:00", "23:59"):
        assert words_at(zh, f"{day} {hour}") == zh_words
        assert words_at(en, f"{day} {hour}") == en_words


@pytest.mark.parametrize("day", IN_LIEU_2026 + ["2026-02-13", "2026-02-24", "2026-11-23"])
def test_in_lieu_working_days_and_ordinary_days_greet_by_the_clock(zh, day):
    assert holiday_on(at(day).date()) is None
    assert (words_at(zh, f"{day} 08:00"), words_at(zh, f"{day} 15:00")) == ("早上好", "您好")


@pytest.mark.parametrize("day", ["2026-06-19", "2026-04-05"])
def test_holidays_without_a_greeting_greet_by_the_clock(zh, day):
    assert holiday_on(at(day).date()) is None
    assert words_at(zh, f"{day} 08:00") == "早上好"


@pytest.mark.parametrize("day,holiday", [
    ("2025-10-06", Holiday.MID_AUTUMN),  # Mid-Autumn inside the National Day break
    ("2025-10-08", Holiday.NATIONAL_DAY),
])
def test_a_holiday_inside_another_break_keeps_its_own_greeting(day, holiday):
    assert holiday_on(at(day).date()) is holiday


def test_a_year_the_calendar_does_not_know_greets_by_the_clock(zh):
    assert calendar_knows(2026)
    unknown = next(year for year in range(2027, 2100) if not calendar_knows(year))
    assert holiday_on(at(f"{unknown}-01-01").date()) is None
    assert words_at(zh, f"{unknown}-01-01 09:00") == "早上好"


def test_a_library_without_holiday_words_falls_back_to_the_clock(zh):
    plain = {"morning": "早", "default": "好"}
    assert greeting_words(choose_greeting(at("2026-10-01 09:00")), plain) == "早"
    assert greeting_words(choose_greeting(at("2026-10-01 13:00")), plain) == "好"


PERIODS = '''\
[[periods]]
start = "2026-02-10"
end = 2026-02-24
greeting = "新年好"
title = "春节发货通知"
notice = "亲，{shop}春节期间暂停发货，2月24日起按付款顺序发出。"

[[periods]]
start = "2026-11-20"
end = "2026-11-30"
greeting = "双十一辛苦啦"
'''


def test_team_greeting_periods_override_and_bring_their_notice(zh):
    periods = parse_greeting_periods(PERIODS)
    assert words_at(zh, "2026-02-17 09:00", periods) == "新年好"
    assert words_at(zh, "2026-02-24 15:00", periods) == "新年好"
    assert words_at(zh, "2026-02-25 15:00", periods) == "您好"
    choice = choose_greeting(at("2026-02-12 10:00"), periods)
    library = with_notice(zh, choice)
    assert library.scripts[0].title == "春节发货通知" and library.scripts[0].category == "greeting"
    assert library.scripts[0].placeholders == ("shop",)
    assert with_notice(zh, choose_greeting(at("2026-11-23 10:00"), periods)) is zh


def test_greeting_period_problems_are_all_reported():
    text = ('[[periods]]\nstart = "2026-02-30"\nend = "2026-02-01"\n\n'
            '[[periods]]\nstart = "2026-03-01"\nend = "2026-02-01"\ngreeting = "x"\n\n'
            '[[periods]]\nstart = "2026-03-01"\nend = "2026-03-02"\nnotice = "{Bad}"\n')
    with pytest.raises(ReplyFileError) as error:
        parse_greeting_periods(text)
    assert [(p.line, p.key) for p in error.value.problems] == [
        (1, "check.period_empty"), (2, "check.bad_date"), (7, "check.period_order"),
        (10, "check.missing"), (13, "check.bad_placeholder")]


def test_a_period_may_just_change_the_words():
    (period,) = parse_greeting_periods('[[periods]]\nstart = "2026-05-01"\nend = "2026-05-05"\ngreeting = "五一快乐"\n')
    assert period == GreetingPeriod(at("2026-05-01").date(), at("2026-05-05").date(), "五一快乐")

