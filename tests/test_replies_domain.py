"""Reply scripts as data: parsing with FILE:LINE problems, placeholders, filling and refusal."""

from __future__ import annotations

import pytest

from shiftboard.domain.replies.library import (
    ReplyFileError, UnfilledPlaceholders, fill, missing, parse_replies, placeholders,
)
from shiftboard.store.shipped import shipped

MINIMAL = '''\
schema = 1
[greetings]
morning = "早上好"
default = "您好"

[categories]
greeting = "问候"

[[scripts]]
id = "hi"
category = "greeting"
title = "欢迎语"
text = "{greeting}，欢迎光临{shop}！"
'''


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_shipped_libraries_parse_and_cover_every_category(lang):
    library = parse_replies(shipped(f"replies.{lang}.toml").read_text(encoding="utf-8"))
    wanted = {"greeting", "authenticity", "bargaining", "payment", "logistics", "farewell", "reminder",
              "review", "apology", "callback", "after_sales", "postage"}
    assert {c.id for c in library.categories} == wanted
    assert {s.category for s in library.scripts} == wanted
    assert len([s for s in library.scripts if s.category == "bargaining"]) >= 6
    used = {name for s in library.scripts for name in s.placeholders}
    assert {"greeting", "buyer", "shop", "agent", "order_no", "days"} <= used
    assert set(library.greetings) == {"morning", "default", "new_year", "spring_festival", "labour_day",
                                      "mid_autumn", "national_day"}


def test_both_languages_ship_the_same_script_ids():
    ids = [{s.id for s in parse_replies(shipped(f"replies.{lang}.toml").read_text(encoding="utf-8")).scripts}
           for lang in ("zh-CN", "en")]
    assert ids[0] == ids[1]


def test_minimal_library_parses():
    library = parse_replies(MINIMAL)
    assert library.script("hi").placeholders == ("greeting", "shop")
    assert library.category("greeting").title == "问候"


def test_every_problem_is_reported_with_its_line():
    text = MINIMAL.replace('category = "greeting"', 'category = "nope"').replace(
        "{shop}", "{Shop Name}") + '\n[[scripts]]\nid = "hi"\ncategory = "greeting"\ntitle = "x"\ntext = "y"\ncolour = 1\n'
    with pytest.raises(ReplyFileError) as error:
        parse_replies(text)
    found = [(p.line, p.key) for p in error.value.problems]
    assert found == [(11, "check.unknown_ref"), (13, "check.bad_placeholder"), (16, "check.duplicate_id"),
                     (20, "check.unknown_key")]


def test_syntax_errors_and_missing_tables():
    with pytest.raises(ReplyFileError) as error:
        parse_replies('schema = 1\n[categories\n')
    assert [(p.line, p.key) for p in error.value.problems] == [(2, "check.toml_syntax")]
    with pytest.raises(ReplyFileError) as error:
        parse_replies('schema = 2\n')
    assert {p.key for p in error.value.problems} == {"check.schema", "check.empty_table", "check.no_scripts"}


@pytest.mark.parametrize("text,key", [
    ("欢迎{", "check.bad_braces"), ("{0}", "check.bad_placeholder"), ("{}", "check.bad_placeholder"),
    ("{buyer!r}", "check.bad_placeholder"), ("{days:>3}", "check.bad_placeholder"),
])
def test_bad_placeholders_are_refused(text, key):
    with pytest.raises(ReplyFileError) as error:
        parse_replies(MINIMAL.replace("{greeting}，欢迎光临{shop}！", text))
    assert [p.key for p in error.value.problems] == [key]


def test_placeholders_in_order_once_and_literal_braces():
    assert placeholders("{buyer}您好，订单 {order_no}，{buyer}") == ("buyer", "order_no")
    assert placeholders("{{not}} a placeholder") == ()
    assert fill("{{x}} {a}", {"a": "1"}) == "{x} 1"


def test_fill_puts_values_in():
    text = "{buyer}您好，您的订单 {order_no} 预计 {days} 天内送达"
    assert fill(text, {"buyer": "王女士", "order_no": "20261123001", "days": "3"}) == \
        "王女士您好，您的订单 20261123001 预计 3 天内送达"


def test_fill_refuses_and_names_every_unfilled_placeholder():
    text = "{buyer}您好，您的订单 {order_no} 预计 {days} 天内送达"
    assert missing(text, {"buyer": "王", "days": "  "}) == ["order_no", "days"]
    with pytest.raises(UnfilledPlaceholders) as error:
        fill(text, {"buyer": "王", "days": "  "})
    assert error.value.names == ("order_no", "days")
    assert error.value.key == "error.reply_unfilled" and error.value.params == {"names": "order_no, days"}
