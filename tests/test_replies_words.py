"""The forbidden-phrase check against its labelled corpus (tests/words_corpus.toml), its
normaliser, and the pattern syntax of the phrase files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from shiftboard.domain.replies.forbidden import (
    Forbidden, PatternError, PhraseList, Rule, compile_phrase, find, parse_forbidden,
)
from shiftboard.domain.replies.library import ReplyFileError, parse_replies, placeholders
from shiftboard.domain.replies.normalise import normalise
from shiftboard.store.shipped import shipped

CORPUS = tomllib.loads((Path(__file__).parent / "words_corpus.toml").read_text(encoding="utf-8"))
#: Values the shipped scripts are filled with before they are checked, as an agent would copy them.
SAMPLE = {"greeting": "您好", "shop": "星河旗舰店", "agent": "小李", "buyer": "王女士", "order_no": "2611230001"}


@pytest.fixture(scope="module")
def shipped_lists() -> PhraseList:
    return sum((parse_forbidden(shipped(f"forbidden.{lang}.toml").read_text(encoding="utf-8"))
                for lang in ("zh-CN", "en")), PhraseList((), ()))


def _filled_scripts() -> list[str]:
    drafts = []
    for lang in ("zh-CN", "en"):
        library = parse_replies(shipped(f"replies.{lang}.toml").read_text(encoding="utf-8"))
        for script in library.scripts:
            values = {name: SAMPLE.get(name, "3") for name in placeholders(script.text)}
            drafts.append(script.text.format(**values))
            drafts += [script.text.format(**{**values, "greeting": g}) for g in library.greetings.values()]
    return drafts


def test_the_corpus_is_as_large_as_promised():
    assert sum(map(len, CORPUS["forbidden"].values())) >= 150
    assert sum(map(len, CORPUS["pass"].values())) + len(_filled_scripts()) >= 150


@pytest.mark.parametrize("section,least", [
    ("list_zh", 0.95), ("list_zh_hant", 0.95), ("list_en", 0.95),
    ("paraphrase_zh", 0.90), ("paraphrase_zh_hant", 0.90), ("paraphrase_en", 0.90),
])
def test_recall_on_each_part_of_the_corpus(shipped_lists, section, least):
    sentences = CORPUS["forbidden"][section]
    missed = [s for s in sentences if not find(shipped_lists, s)]
    assert 1 - len(missed) / len(sentences) >= least, missed


@pytest.mark.parametrize("section", ["zh", "en"])
def test_no_false_alarm_on_polite_replies_and_near_misses(shipped_lists, section):
    assert [(s, [m.text for m in find(shipped_lists, s)]) for s in CORPUS["pass"][section]
            if find(shipped_lists, s)] == []


def test_no_false_alarm_on_the_shipped_scripts_as_copied(shipped_lists):
    assert [(s, [m.text for m in find(shipped_lists, s)]) for s in _filled_scripts()
            if find(shipped_lists, s)] == []


@pytest.mark.parametrize("draft,shown", [
    ("亲，您自己看著辦吧～", "您自己看著辦"),  # traditional, 您, particles: shown as typed
    ("我們也沒有辦法", "我們也沒有辦法"),
    ("亲～ 有意见您就找我们老板去哦", "有意见您就找我们老板去"),
    ("Sorry, but DIDNT you read the listing?", "DIDNT you read the listing"),
    ("快递的问题您找快递公司去", "您找快递公司去"),
])
def test_a_match_is_shown_at_its_place_in_the_draft(shipped_lists, draft, shown):
    assert [m.text for m in find(shipped_lists, draft)] == [shown]
    (match,) = find(shipped_lists, draft)
    assert draft[match.start:match.end] == shown


def test_normalise_folds_script_width_you_particles_and_contractions():
    assert normalise("親，您自己看著辦吧～")[0] == "你自己看着办"
    assert normalise("Ｉ can’t, it's didnt")[0] == "i can not it is did not"


def test_mixed_text_is_checked_against_both_scripts(shipped_lists):
    assert {m.rule.id for m in find(shipped_lists, "这是规定. Not my problem.")} == {"contradict", "provoke"}


CLASSES = {"boss": ("领导", "主管", "老板", "上级"), "ask": ("找", "问", "联系")}


@pytest.mark.parametrize("phrase,hits,misses", [
    ("有意见{ask}{boss}去", ["有意见找主管去", "有意见联系上级去"], ["有意见找同事去"]),
    ("我[们]也没[有]办法", ["我也没办法", "我们也没有办法"], ["我们也想办法"]),
    ("[!帮|替]你{ask}{boss}", ["你去找主管。你找主管"], ["我帮您问主管", "我替您找老板"]),
    ("这是*6规定[!尺码]", ["这是我们公司的规定"], ["这是我们的规定尺码表", "这是。规定"]),
    ("you * complain", ["You can go complain"], ["you. complain"]),
    ("[!I will] ask {who} else", ["Ask someone else"], ["I'll ask someone else"]),
])
def test_patterns(phrase, hits, misses):
    compiled = compile_phrase(phrase, {**CLASSES, "who": ("someone", "somebody")})
    listed = PhraseList((), (Forbidden((compiled,), Rule("r", "r"), "s"),))
    assert [d for d in hits if not find(listed, d)] == []
    assert [d for d in misses if find(listed, d)] == []


@pytest.mark.parametrize("phrase,key", [
    ("有意见{nobody}去", "check.pattern_class"),
    ("有意见(找|)主管", "check.pattern_empty_choice"),
    ("有意见(找主管", "check.pattern_bracket"),
    ("有意见*30主管", "check.pattern_gap_size"),
    ("有意见[!找]主管", "check.pattern_guard"),
    ("*主管", "check.phrase_gap"),
    ("主管*", "check.phrase_gap"),
    ("[主管]", "check.phrase_too_short"),
    ("亲啊", "check.phrase_too_short"),
])
def test_pattern_errors_name_their_problem(phrase, key):
    with pytest.raises(PatternError) as error:
        compile_phrase(phrase, CLASSES)
    assert error.value.key == key


def test_pattern_problems_are_reported_at_their_lines():
    text = ('schema = 1\n[rules]\nblame = "不指责"\n[classes]\nboss = ["领导"]\nBad = ["x"]\nempty = ["吧"]\n\n'
            '[[forbidden]]\nphrases = ["找{boss}去", "找{bos}去"]\nrule = "blame"\nsuggestion = "x"\n')
    with pytest.raises(ReplyFileError) as error:
        parse_forbidden(text)
    assert [(p.line, p.key) for p in error.value.problems] == [
        (6, "check.bad_id"), (7, "check.pattern_class_words"), (10, "check.pattern_class")]


def test_opencc_and_the_holiday_calendar_load_on_first_use_not_at_import():
    """The dashboard's start-up is measured: importing the reply machinery must not load them."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "import shiftboard.services.replies, shiftboard.tui.app\n"
        "assert 'opencc' not in sys.modules and 'chinese_calendar' not in sys.modules\n"
        "from shiftboard.domain.replies.normalise import normalise\n"
        "normalise('plain ascii')\n"
        "assert 'opencc' not in sys.modules\n"
        "print(normalise('這是規定')[0])\n"
        "assert 'opencc' in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "这是规定"
