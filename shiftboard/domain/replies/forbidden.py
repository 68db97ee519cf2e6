"""Forbidden phrases 服务忌语: check a draft reply against the team's list before it is sent.

Each entry names the rule it breaks (one of the "five don'ts": hurting the buyer's self-esteem,
blaming, contradicting or lecturing, vulgarity, provoking) and a better wording. Matching works
on a normalised copy of the text — full-width folded to half-width, case folded, spaces and
punctuation dropped — so "这是 规定！", "这是，规定" or "ＮＯＴ my  problem" still hit, while every
match maps back to its span in the original draft for highlighting. A `*` in a phrase
stands for a few characters within one sentence ("有本事*投诉").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from shiftboard.domain.problems import Checker
from shiftboard.domain.replies.library import (
    close_document, open_document, reference, text_list, titled_table,
)

#: Most characters a `*` in a phrase may stand for.
GAP = 8
#: Fewest characters (after normalising) a phrase needs; shorter ones would cry wolf.
SHORTEST = 2

_SENTENCE_END = set("。！？!?；;\n")
_STOP = "|"  # stands for a sentence end in the normalised text; no match crosses it


@dataclass(frozen=True)
class Rule:
    id: str
    title: str


@dataclass(frozen=True)
class Forbidden:
    """Phrases that break one rule, and what to say instead."""

    phrases: tuple[str, ...]
    rule: Rule
    suggestion: str
    patterns: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class PhraseList:
    rules: tuple[Rule, ...]
    entries: tuple[Forbidden, ...]


@dataclass(frozen=True)
class Match:
    start: int  # span in the original text
    end: int
    text: str  # what the draft says there
    phrase: str  # the listed phrase it matched
    rule: Rule
    suggestion: str


def _word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as matching sees it, and for each of its characters the index it came from.

    Latin words keep one space between them (so "task" never matches "ask"); everything else
    that is not a letter or digit disappears, except sentence ends, which become `|`.
    """
    out: list[str] = []
    origin: list[int] = []
    gap = False
    for index, raw in enumerate(text):
        for char in unicodedata.normalize("NFKC", raw).casefold():
            if char.isalnum():
                if gap and out and _word_char(out[-1]) and _word_char(char):
                    out.append(" ")
                    origin.append(index)
                out.append(char)
                origin.append(index)
                gap = False
            elif char in _SENTENCE_END:
                if out and out[-1] != _STOP:
                    out.append(_STOP)
                    origin.append(index)
                gap = False
            else:
                gap = True
    return "".join(out), origin


def _pattern_parts(phrase: str) -> list[str]:
    return [normalise(part)[0].replace(_STOP, "") for part in phrase.split("*")]


def compile_phrase(phrase: str) -> re.Pattern:
    parts = _pattern_parts(phrase)
    body = f"[^{re.escape(_STOP)}]{{0,{GAP}}}?".join(re.escape(p) for p in parts)
    before = r"(?<![a-z0-9])" if _word_char(parts[0][0]) else ""
    after = r"(?![a-z0-9])" if _word_char(parts[-1][-1]) else ""
    return re.compile(before + body + after)


def phrase_problem(phrase: str) -> str | None:
    """Why `phrase` cannot be checked reliably (a message key), or None."""
    parts = _pattern_parts(phrase)
    if any(not part for part in parts):
        return "check.phrase_gap"
    if sum(len(part.replace(" ", "")) for part in parts) < SHORTEST:
        return "check.phrase_too_short"
    return None


def find(phrases: PhraseList, text: str) -> list[Match]:
    """Every listed phrase in `text`, in reading order.

    Where phrases of one rule overlap ("问别人去" inside "你问别人去") only the longest is
    reported: one mistake, one message.
    """
    folded, origin = normalise(text)
    found: list[Match] = []
    for entry in phrases.entries:
        for phrase, pattern in zip(entry.phrases, entry.patterns):
            for hit in pattern.finditer(folded):
                start, end = origin[hit.start()], origin[hit.end() - 1] + 1
                found.append(Match(start, end, text[start:end], phrase, entry.rule, entry.suggestion))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Match] = []
    for match in found:
        if not any(k.rule == match.rule and k.start <= match.start and match.end <= k.end for k in kept):
            kept.append(match)
    return kept


def parse_forbidden(text: str) -> PhraseList:
    """Parse and validate a forbidden-phrase list; raise ReplyFileError listing every problem."""
    data, check = open_document(text, {"rules", "forbidden"})
    rules = titled_table(check, data, "rules")
    entries_data = data.get("forbidden")
    if not isinstance(entries_data, list) or not entries_data:
        check.add(("forbidden",), "check.no_phrases")
        entries_data = []
    entries = [_entry(check, e, ("forbidden", i), rules) for i, e in enumerate(entries_data)]
    close_document(check)
    return PhraseList(tuple(Rule(k, v) for k, v in rules.items()), tuple(e for e in entries if e))


def _entry(check: Checker, data: object, path: tuple, rules: dict[str, str]) -> Forbidden | None:
    if not isinstance(data, dict):
        check.add(path, "check.not_table")
        return None
    check.known_keys(data, path, {"phrases", "rule", "suggestion"})
    phrases = text_list(check, data, path, "phrases")
    if phrases == ():
        check.add(path, "check.not_text_list", name="phrases")
        phrases = None
    for phrase in phrases or ():
        if problem := phrase_problem(phrase):
            check.add(path + ("phrases",), problem, phrase=phrase)
            phrases = None
    rule = reference(check, data, path, "rule", rules)
    suggestion = check.text(data, path, "suggestion")
    if phrases is None or rule is None or suggestion is None:
        return None
    return Forbidden(phrases, Rule(rule, rules[rule]), suggestion,
                     tuple(compile_phrase(p) for p in phrases))
