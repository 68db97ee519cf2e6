"""Forbidden phrases 服务忌语: check a draft reply against the team's list before it is sent.

Each entry names the rule it breaks (one of the "five don'ts": hurting the buyer's self-esteem,
blaming, contradicting or lecturing, vulgarity, provoking) and a better wording. Phrases are
small patterns (syntax in the shipped files' header):

    有意见{找}{领导}去     a word of a class defined in [classes]
    没[有]办法             an optional word
    (快递|物流)的问题       one of these words
    你找*4问               a gap of up to 4 characters (`*` alone: up to 8), within one sentence
    [!帮|替]你找别人        at the start: not right after these words; at the end: not right
                          before them ("这是规定[!尺码]" leaves 这是规定尺码表 alone)

Both the phrase and the draft are normalised first (`normalise.py`: traditional script, width,
您/你, particles, spacing, punctuation, English contractions), and every match maps back to its
span in the original draft. A phrase applies to text in its own script, whatever language the
screen speaks: a Chinese phrase finds Chinese words, an English one English words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from shiftboard.domain.problems import Checker
from shiftboard.domain.replies.library import (
    ID, close_document, open_document, reference, text_list, titled_table,
)
from shiftboard.domain.replies.normalise import STOP, has_han, normalise

#: Most characters a bare `*` may stand for; `*N` sets its own bound up to LONGEST_GAP.
GAP = 8
LONGEST_GAP = 20
#: Fewest characters (after normalising) a phrase needs; shorter ones would cry wolf.
SHORTEST = 2

HAN, LATIN = "han", "latin"
_TOKEN = re.compile(r"\*(\d*)|\[!([^{}()\[\]*]*)\]|\{([^{}()\[\]*]*)\}|\(([^{}()\[\]*]*)\)"
                    r"|\[([^{}()\[\]*]*)\]|([{}()\[\]])|([^*{}()\[\]]+)")
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![a-z0-9])", r"(?![a-z0-9])"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str


@dataclass(frozen=True)
class Phrase:
    """One listed pattern, compiled: which script it is written in and what it finds."""

    text: str
    script: str  # HAN or LATIN
    pattern: re.Pattern
    #: a piece of text every match contains: a draft without it skips the regex (most do)
    anchor: str = ""


@dataclass(frozen=True)
class Forbidden:
    """Phrases that break one rule, and what to say instead."""

    phrases: tuple[Phrase, ...]
    rule: Rule
    suggestion: str


@dataclass(frozen=True)
class PhraseList:
    rules: tuple[Rule, ...]
    entries: tuple[Forbidden, ...]

    def __add__(self, other: PhraseList) -> PhraseList:
        return PhraseList(self.rules + other.rules, self.entries + other.entries)


@dataclass(frozen=True)
class Match:
    start: int  # span in the original text
    end: int
    text: str  # what the draft says there
    phrase: str  # the listed phrase it matched
    rule: Rule
    suggestion: str


class PatternError(ValueError):
    """Why a phrase cannot be compiled: a message key and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def _words(raw: str) -> str:
    return normalise(raw)[0].replace(STOP, "")


@lru_cache(maxsize=4096)
def _literal(raw: str) -> str:
    """A phrase's plain text as matching sees it (sentence ends kept inside, trimmed outside)."""
    return normalise(raw)[0].strip(STOP)


def _choice(words: list[str]) -> tuple[str, int]:
    """A regex for any of `words` (longest first) and the length of the shortest."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")", min(len(w.replace(" ", "")) for w in ordered)


def _piece(found: re.Match, classes: dict[str, tuple[str, ...]], edge: bool) -> tuple[str, int] | None:
    """(regex, fewest characters) of one token; raises PatternError. With `edge` (English) the
    words must stand whole, never inside a longer word."""
    _gap, _guard, name, options, optional, stray, literal = found.groups()
    if stray:
        raise PatternError("check.pattern_bracket", bracket=stray)
    if name is not None:
        if name.strip() not in classes:
            raise PatternError("check.pattern_class", name=name, defined=", ".join(classes) or "-")
        regex, fewest = _choice(list(classes[name.strip()]))
    elif options is not None or optional is not None:
        words = [_words(o) for o in (options if options is not None else optional).split("|")]
        if not all(words):
            raise PatternError("check.pattern_empty_choice")
        regex, fewest = _choice(words)
    else:
        # a sentence end inside a phrase ("没介绍吗？你怎么不看") may or may not be typed
        words = _literal(literal)
        if not words:
            return "", 0
        regex = re.escape(words).replace(re.escape(STOP), re.escape(STOP) + "?")
        fewest = len(words.replace(" ", "").replace(STOP, ""))
    if edge:
        regex = _EDGE_BEFORE + regex + _EDGE_AFTER
    return ("(?:" + regex + ")?", 0) if optional is not None else (regex, fewest)


def _gap(digits: str) -> str:
    size = int(digits) if digits else GAP
    if not 1 <= size <= LONGEST_GAP:
        raise PatternError("check.pattern_gap_size", size=digits, most=LONGEST_GAP)
    return f"[^{re.escape(STOP)}]{{0,{size}}}?"


def _guard(words: str, at_start: bool) -> str:
    """Negative look-behind (at the start) or look-ahead (at the end) for `words`."""
    options = [_words(w) for w in words.split("|")]
    if not all(options):
        raise PatternError("check.pattern_empty_choice")
    # an English word is parted from the next by one space: guard both ways it can be typed
    spelled = [f + s for w in options for f, s in ((w, ""), (w, " ") if at_start else (" ", w))]
    if at_start:
        return "".join(f"(?<!{re.escape(w)})" for w in dict.fromkeys(spelled))
    return "(?!" + "|".join(re.escape(w) for w in dict.fromkeys(spelled)) + ")"


def _script_of(phrase: str, classes: dict[str, tuple[str, ...]]) -> str:
    used = "".join(w for name in re.findall(r"\{([^{}]*)\}", phrase) for w in classes.get(name.strip(), ()))
    return HAN if has_han(phrase + used) else LATIN


def compile_phrase(phrase: str, classes: dict[str, tuple[str, ...]] | None = None) -> Phrase:
    """Compile one listed phrase; PatternError (a message key) when it cannot be checked."""
    classes = classes or {}
    script = _script_of(phrase, classes)
    tokens = list(_TOKEN.finditer(phrase.strip()))
    body: list[str] = []
    fewest = pieces = 0
    anchor = ""
    after_gap = True  # a phrase may not start with a gap
    for number, found in enumerate(tokens):
        if found.group(2) is not None:
            if number not in (0, len(tokens) - 1):
                raise PatternError("check.pattern_guard")
            body.append(_guard(found.group(2), at_start=number == 0))
            continue
        if found.group(1) is not None:
            if after_gap:
                raise PatternError("check.phrase_gap")
            body.append(_gap(found.group(1)))
            after_gap = True
            continue
        regex, least = _piece(found, classes, edge=script == LATIN)
        if not regex:
            continue
        if found.group(7) is not None and least > len(anchor.replace(" ", "")):
            anchor = _literal(found.group(7)).split(STOP)[0]
        if script == LATIN and pieces and not after_gap:
            body.append(" ?")
        body.append(regex)
        fewest, pieces = fewest + least, pieces + 1
        after_gap = False
    if after_gap and pieces:
        raise PatternError("check.phrase_gap")
    if fewest < SHORTEST:
        raise PatternError("check.phrase_too_short")
    return Phrase(phrase, script, re.compile("".join(body)), anchor)


def _scripts(folded: str) -> set[str]:
    found = {HAN} if has_han(folded) else set()
    return found | ({LATIN} if any(c.isascii() and c.isalpha() for c in folded) else set())


def find(phrases: PhraseList, text: str) -> list[Match]:
    """Every listed phrase in `text`, in reading order.

    Where phrases of one rule overlap ("你问别人" and "问别人去" in "你问别人去") they are
    reported once, over the span they cover together: one mistake, one message.
    """
    folded, origin = normalise(text)
    scripts = _scripts(folded)
    found: list[Match] = []
    for entry in phrases.entries:
        for phrase in entry.phrases:
            if phrase.script not in scripts or phrase.anchor not in folded:
                continue
            for hit in phrase.pattern.finditer(folded):
                start, end = origin[hit.start()], origin[hit.end() - 1] + 1
                found.append(Match(start, end, text[start:end], phrase.text, entry.rule, entry.suggestion))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Match] = []
    for match in found:
        same = next((i for i, k in enumerate(kept) if k.start <= match.start < k.end and
                     (k.rule == match.rule or match.end <= k.end)), None)
        if same is None:
            kept.append(match)
        elif match.end > kept[same].end:
            first = kept[same]
            kept[same] = Match(first.start, match.end, text[first.start:match.end], first.phrase,
                               first.rule, first.suggestion)
    return kept


@lru_cache(maxsize=8)
def parse_forbidden(text: str) -> PhraseList:
    """Parse, validate and compile a forbidden-phrase list; raise ReplyFileError listing every
    problem. Cached by the file's text: a list is compiled once however often it is read."""
    data, check = open_document(text, {"rules", "classes", "forbidden"})
    rules = titled_table(check, data, "rules")
    classes = _classes(check, data)
    entries_data = data.get("forbidden")
    if not isinstance(entries_data, list) or not entries_data:
        check.add(("forbidden",), "check.no_phrases")
        entries_data = []
    entries = [_entry(check, e, ("forbidden", i), rules, classes) for i, e in enumerate(entries_data)]
    close_document(check)
    return PhraseList(tuple(Rule(k, v) for k, v in rules.items()), tuple(e for e in entries if e))


def _classes(check: Checker, data: dict) -> dict[str, tuple[str, ...]]:
    """The optional [classes] table: name = ["word", ...], each word still there once normalised."""
    table = data.get("classes", {})
    if not isinstance(table, dict):
        check.add(("classes",), "check.not_table")
        return {}
    classes: dict[str, tuple[str, ...]] = {}
    for name in table:
        words = text_list(check, table, ("classes",), name)
        if not ID.match(name):
            check.add(("classes", name), "check.bad_id", id=name)
        elif not words or not all(_words(w) for w in words):
            check.add(("classes", name), "check.pattern_class_words", name=name)
        else:
            classes[name] = tuple(_words(w) for w in words)
    return classes


def _entry(check: Checker, data: object, path: tuple, rules: dict[str, str],
           classes: dict[str, tuple[str, ...]]) -> Forbidden | None:
    if not isinstance(data, dict):
        check.add(path, "check.not_table")
        return None
    check.known_keys(data, path, {"phrases", "rule", "suggestion"})
    texts = text_list(check, data, path, "phrases")
    if texts == ():
        check.add(path, "check.not_text_list", name="phrases")
    compiled: list[Phrase] = []
    for phrase in texts or ():
        try:
            compiled.append(compile_phrase(phrase, classes))
        except PatternError as error:
            check.add(path + ("phrases",), error.key, phrase=phrase, **error.params)
    rule = reference(check, data, path, "rule", rules)
    suggestion = check.text(data, path, "suggestion")
    if not texts or len(compiled) != len(texts) or rule is None or suggestion is None:
        return None
    return Forbidden(tuple(compiled), Rule(rule, rules[rule]), suggestion)
