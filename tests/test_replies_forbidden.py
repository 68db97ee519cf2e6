"""Forbidden phrases: variants of spacing, punctuation and width still hit; ordinary replies don't."""

from __future__ import annotations

import pytest

from shiftboard.domain.replies.forbidden import find, normalise, parse_forbidden
from shiftboard.domain.replies.library import ReplyFileError, parse_replies
from shiftboard.store.shipped import shipped


@pytest.fixture(scope="module")
def zh():
    return parse_forbidden(shipped("forbidden.zh-CN.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def en():
    return parse_forbidden(shipped("forbidden.en.toml").read_text(encoding="utf-8"))


def test_shipped_lists_cover_the_five_donts_and_the_typical_phrases(zh, en):
    for phrases in (zh, en):
        assert {r.id for r in phrases.rules} == {"self_esteem", "blame", "contradict", "vulgar", "provoke"}
        assert {e.rule.id for e in phrases.entries} == {r.id for r in phrases.rules}
    typical = ["Rules are rules.", "Go ask someone else.", "Go complain to my boss.", "Take it up with the courier.",
               "Not my problem.", "Figure it out yourself.", "Didn't you read the page?"]
    assert [p for p in typical if not find(en, p)] == []
    assert all(find(zh, p) for p in ["规定就是规定", "你问别人去", "去找我们老板投诉", "你找快递去", "不关我的事",
                                     "你自己看着办", "你没看页面吗？"])


@pytest.mark.parametrize("draft,expected", [
    ("亲，这是 规定！", "这是 规定"),
    ("这是，规定。没办法", "这是，规定"),
    ("不归 我 管", "不归 我 管"),
    ("有本事你就去投诉我", "有本事你就去投诉"),
])
def test_chinese_variants_hit_and_map_back_to_the_draft(zh, draft, expected):
    (match,) = find(zh, draft)
    assert draft[match.start:match.end] == match.text == expected
    assert match.suggestion and match.rule.title


@pytest.mark.parametrize("draft,expected", [
    ("Sorry, RULES are   rules.", "RULES are   rules"),
    ("ＮＯＴ my problem!!", "ＮＯＴ my problem"),
    ("That is not-my-problem", "not-my-problem"),
    ("Didn’t you read the page?", "Didn’t you read the page"),
])
def test_english_variants_hit(en, draft, expected):
    (match,) = find(en, draft)
    assert match.text == expected


def test_the_longest_phrase_of_a_rule_wins_and_matches_come_in_order(zh):
    matches = find(zh, "你问别人去。这是规定！你有病吧")
    assert [(m.text, m.rule.id) for m in matches] == [("你问别人去", "provoke"), ("这是规定", "contradict"),
                                                        ("你有病", "vulgar")]


@pytest.mark.parametrize("draft", [
    "按照平台规定，七天无理由退货的来回运费由买家承担。",
    "我帮您找别人问一下，稍后回复您。",
    "我去问快递，有结果马上告诉您。",
    "这款是滚筒洗衣机专用的配件。",
    "您想怎么处理呢？退款还是换货都可以。",
    "非常抱歉让您久等了，我马上为您处理。",
    "有本事的设计师做的款，品质很好。您要是不满意也可以投诉。",
])
def test_no_false_alarm_on_ordinary_chinese_replies(zh, draft):
    assert find(zh, draft) == []


@pytest.mark.parametrize("draft", [
    "I'll ask someone else on the team and get back to you.",
    "Our task: someone else's parcel went to you by mistake, we're fixing it.",
    "Please keep the rules of the warranty card; it's not a problem at all.",
    "It's not my place to judge, but this model is very popular.",
    "The courier will call you before delivery.",
])
def test_no_false_alarm_on_ordinary_english_replies(en, draft):
    assert find(en, draft) == []


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_shipped_scripts_pass_the_shipped_check(lang):
    phrases = parse_forbidden(shipped(f"forbidden.{lang}.toml").read_text(encoding="utf-8"))
    library = parse_replies(shipped(f"replies.{lang}.toml").read_text(encoding="utf-8"))
    assert [(s.id, find(phrases, s.text)) for s in library.scripts if find(phrases, s.text)] == []


def test_normalise_keeps_word_breaks_and_sentence_ends():
    assert normalise("Ａｂ, cd！这 是。")[0] == "ab cd|这是|"


def test_list_problems_are_reported_with_lines():
    text = ('[rules]\nblame = "不指责"\n\n[[forbidden]]\nphrases = ["啊", "*投诉"]\nrule = "nope"\n\n'
            '[[forbidden]]\nphrases = []\nrule = "blame"\nsuggestion = "x"\n')
    with pytest.raises(ReplyFileError) as error:
        parse_forbidden(text)
    assert [(p.line, p.key) for p in error.value.problems] == [
        (4, "check.missing"), (5, "check.phrase_too_short"), (5, "check.phrase_gap"), (6, "check.unknown_ref"),
        (8, "check.not_text_list")]
