"""The text as the forbidden-phrase check sees it, each character traced back to the draft.

Agents type the same words many ways: traditional script (這是規定), full-width letters, 您 for
你, "亲，" and 哦/呢/啊/吧/～ around a sentence, "didn't" or "didnt" or "did not". The check compares
a phrase with a draft after both went through `normalise`, so one listed phrase finds all of
them, and each normalised character keeps the index it came from so a match is shown at its
place in the draft.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

#: Stands for a sentence end in the normalised text; no match crosses it.
STOP = "|"
_SENTENCE_END = set("。！？!?；;\n")

#: Characters agents add around what they say; they carry no meaning for the check.
PARTICLES = frozenset("亲哦呢啊吧呀啦嘛哟噢")
#: Forms of "you" folded to 你, so a phrase listed with 你 also finds the polite 您; and 著,
#: which opencc's t2s leaves as it is where the phrase has 着 (看著辦 → 看著办).
_FOLD = {"您": "你", "妳": "你", "著": "着"}

# English contractions, after the apostrophe has become a space ("didn't" → "didn t"):
# spelled out, so "didn't", "didnt" and "did not" read the same.
_NOT = re.compile(r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need|ca|wo)n ?t\b")
_CONTRACTIONS = ((re.compile(r"\bcannot\b"), "can not"), (re.compile(r"\bi m\b"), "i am"),
                 (re.compile(r"\b(\w+) re\b"), r"\1 are"), (re.compile(r"\b(\w+) ll\b"), r"\1 will"),
                 (re.compile(r"\b(\w+) ve\b"), r"\1 have"), (re.compile(r"\b(\w+) s\b"), r"\1 is"),
                 (re.compile(r"\b(\w+) d\b"), r"\1 would"))
_SHORT_STEM = {"ca": "can", "wo": "will"}


@cache
def _converter():
    # opencc loads its dictionaries on first use only: the dashboard's start-up never pays for it.
    import opencc

    return opencc.OpenCC("t2s")


def has_han(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"
               for c in text)


def simplified(text: str) -> str:
    """`text` in simplified script, one character for each character (so positions still hold)."""
    if not has_han(text):
        return text
    converter = _converter()
    whole = converter.convert(text)
    if len(whole) == len(text):
        return whole
    # a phrase conversion changed the length: convert character by character instead
    return "".join(c if len(s := converter.convert(c)) != 1 else s for c in text)


def _word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _fold(text: str) -> tuple[list[str], list[int]]:
    """Width, case, 你, particles, spacing and punctuation folded; sentence ends become STOP."""
    out: list[str] = []
    origin: list[int] = []
    gap = False
    text = simplified(text)
    for index, raw in enumerate(text):
        if raw == "." and text[index + 1:index + 2] in ("", " ", "\n"):
            raw = "。"  # a full stop ends an English sentence; in 3.5 or a.b.c it does not
        for char in unicodedata.normalize("NFKC", raw).casefold():
            char = _FOLD.get(char, char)
            if char in PARTICLES:
                continue
            if char.isalnum():
                if gap and out and _word_char(out[-1]) and _word_char(char):
                    out.append(" ")
                    origin.append(index)
                out.append(char)
                origin.append(index)
                gap = False
            elif char in _SENTENCE_END:
                if out and out[-1] != STOP:
                    out.append(STOP)
                    origin.append(index)
                gap = False
            else:
                gap = True
    return out, origin


def _substitute(text: str, origin: list[int], pattern: re.Pattern, replace) -> tuple[str, list[int]]:
    """`pattern.sub(replace, text)` that keeps each character's origin in the draft."""
    out: list[str] = []
    traced: list[int] = []
    last = 0
    for found in pattern.finditer(text):
        out.append(text[last:found.start()])
        traced += origin[last:found.start()]
        new = found.expand(replace) if isinstance(replace, str) else replace(found)
        width = found.end() - found.start()
        out.append(new)
        traced += [origin[found.start() + min(i, width - 1)] for i in range(len(new))]
        last = found.end()
    out.append(text[last:])
    traced += origin[last:]
    return "".join(out), traced


def _spell_out(text: str, origin: list[int]) -> tuple[str, list[int]]:
    text, origin = _substitute(text, origin, _NOT,
                               lambda m: _SHORT_STEM.get(m.group(1), m.group(1)) + " not")
    for pattern, replace in _CONTRACTIONS:
        text, origin = _substitute(text, origin, pattern, replace)
    return text, origin


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as matching sees it, and for each of its characters the index it came from.

    Latin words keep one space between them (so "task" never matches "ask"); everything else
    that is not a letter or digit disappears, except sentence ends, which become STOP.
    """
    out, origin = _fold(text)
    folded = "".join(out)
    if any(_word_char(c) for c in folded):
        return _spell_out(folded, origin)
    return folded, origin
