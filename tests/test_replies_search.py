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
