"""Finding scripts: Chinese, pinyin initials, full pinyin, English, typos; usage ranks."""

from __future__ import annotations

import pytest

from shiftboard.domain.replies.library import parse_replies
from shiftboard.domain.replies.search import SearchIndex, grouped
from shiftboard.store.shipped import shipped


@pytest.fixture(scope="module")
def zh() -> SearchIndex:
    return SearchIndex(parse_replies(shipped("replies.zh-CN.toml").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def en() -> SearchIndex:
    return SearchIndex(parse_replies(shipped("replies.en.toml").read_text(encoding="utf-8")))


def first(index: SearchIndex, query: str, uses=None) -> str:
    return index.search(query, uses)[0].script.id


@pytest.mark.parametrize("query,script", [
    ("hy", "greeting-welcome"),  # pinyin initials of 欢迎语
    ("HY", "greeting-welcome"),
    ("huanying", "greeting-welcome"),  # full pinyin
    ("欢迎", "greeting-welcome"),
    ("欢营", "greeting-welcome"),  # right sound, wrong character
    ("dzhhkj", "bargain-after-discount"),  # 打折后还砍价
    ("退款到账", "after-sales-refund-timing"),
    ("refund tk", "after-sales-refund-timing"),  # English keywords in the Chinese library, 退款
    ("包裹 破损", "after-sales-damaged"),  # every term must match
])
def test_chinese_library_finds_by_chinese_pinyin_and_english(zh, query, script):
    assert first(zh, query) == script


@pytest.mark.parametrize("query,script", [
    ("refund arrives", "after-sales-refund-timing"),
    ("refnd arives", "after-sales-refund-timing"),  # typos still find it
    ("courier", "logistics-default-courier"),
    ("sorry wait", "apology-wait"),
    ("genuine", "authenticity-genuine"),
])
def test_english_library_finds_words_and_typos(en, query, script):
    assert first(en, query) == script


def test_unrelated_queries_find_nothing(zh, en):
    assert zh.search("xyzzy") == [] and en.search("qqq") == [] and zh.search("火箭发射") == []


def test_bargaining_finds_all_six_situations_by_initials(zh):
    found = {h.script.id for h in zh.search("kj")}
    assert {"bargain-promotion", "bargain-bulk", "bargain-returning", "bargain-after-discount",
            "bargain-cheaper-elsewhere", "bargain-ask-supervisor", "bargain-gift-instead"} <= found


def test_most_used_first_among_equally_good_hits(zh):
    plain = [h.script.id for h in zh.search("kj")]
    assert plain[0] != "bargain-gift-instead"
    assert first(zh, "kj", {"bargain-gift-instead": 7, "bargain-bulk": 2}) == "bargain-gift-instead"
    # usage never lifts a weak hit above a much better one
    assert first(zh, "欢迎", {"farewell-no-deal": 99}) == "greeting-welcome"


def test_empty_query_lists_everything_by_category_most_used_first(zh):
    hits = zh.search("  ", {"greeting-busy": 3})
    assert len(hits) == len(zh.library.scripts)
    assert [h.script.id for h in hits[:2]] == ["greeting-busy", "greeting-welcome"]
    groups = grouped(hits, zh.library)
    assert [c.id for c, _ in groups] == [c.id for c in zh.library.categories]


def test_groups_follow_the_best_hit(zh):
    groups = grouped(zh.search("yunfei"), zh.library)
    assert groups[0][0].id == "after_sales" and groups[0][1][0].script.id == "after-sales-exchange"
    assert "postage" in [c.id for c, _ in groups]


# What agents type, and the script they expect first (issue 14's table).
QUERIES = [
    ("zh-CN", "zsh", "greeting-welcome"),  # initials of the first words: 早上好 ({greeting})
    ("zh-CN", "nh", "greeting-welcome"),  # 您好, the afternoon's first words
    ("zh-CN", "早上好", "greeting-welcome"),
    ("zh-CN", "good morning", "greeting-welcome"),
    ("zh-CN", "lgk", "greeting-returning"),  # 老顾客
    ("zh-CN", "zp", "authenticity-genuine"),  # 正品
    ("zh-CN", "正品", "authenticity-genuine"),
    ("zh-CN", "请示主管", "bargain-ask-supervisor"),
    ("zh-CN", "赠品", "bargain-gift-instead"),
    ("zh-CN", "mrkd", "logistics-default-courier"),
    ("zh-CN", "jtd", "logistics-days"),  # 几天到, a keyword's initials
    ("zh-CN", "查件", "logistics-tracking"),
    ("zh-CN", "cf", "reminder-unpaid"),  # 催付: a keyword's initials beat letters inside a title's
    ("zh-CN", "xgpj", "review-call-revise"),
    ("zh-CN", "久等", "apology-wait"),
    ("zh-CN", "lfbf", "apology-missed-item"),
    ("zh-CN", "七天无理由", "after-sales-seven-days"),
    ("zh-CN", "tkdz", "after-sales-refund-timing"),
    ("zh-CN", "退款到帐", "after-sales-refund-timing"),  # 帐 for 账: one character wrong
    ("zh-CN", "缺货", "after-sales-out-of-stock"),
    ("zh-CN", "qxdd", "after-sales-cancel"),
    ("zh-CN", "包邮", "postage-free-shipping"),
    ("zh-CN", "zlwt", "postage-quality"),
    ("zh-CN", "return postage", "postage-dislike"),
    ("en", "good morning", "greeting-welcome"),
    ("en", "welcme", "greeting-welcome"),  # one typo
    ("en", "return postage", "postage-dislike"),
    ("en", "fake", "authenticity-genuine"),
    ("en", "haggle supervisor", "bargain-ask-supervisor"),
    ("en", "wholsale", "bargain-bulk"),  # one typo
    ("en", "how long", "logistics-days"),
    ("en", "unpaid", "reminder-unpaid"),
    ("en", "revise review", "review-call-revise"),
    ("en", "resend", "apology-missed-item"),
    ("en", "sold out", "after-sales-out-of-stock"),
    ("en", "broken", "after-sales-damaged"),
    ("en", "cancel", "after-sales-cancel"),
    ("en", "free shipping", "postage-free-shipping"),
    ("en", "quality defect", "postage-quality"),
]


@pytest.mark.parametrize("lang,query,script", QUERIES)
def test_what_agents_type_finds_what_they_mean_first(zh, en, lang, query, script):
    assert first(zh if lang == "zh-CN" else en, query) == script


@pytest.mark.parametrize("query", ["xxx", "asdf", "qwerty", "zzz", "kkk", "wxyz"])
def test_random_letters_find_nothing(zh, en, query):
    assert zh.search(query) == [] and en.search(query) == []
