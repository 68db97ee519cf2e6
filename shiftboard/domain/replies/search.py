"""Finding a script fast: Chinese, pinyin (initials or full) or English words, fuzzily.

An agent types "hy" and expects 欢迎语; types "zsh" for a script that opens with 早上好, "退款"
or "refund", or mistypes "欢营"; all must find the script. `{greeting}` is searched as the words
it becomes (早上好, 您好), since that is what the agent sees the script begin with. Each script's fields are prepared once (pinyin via pypinyin), each query term
is scored 0–100 against them (rapidfuzz for the fuzzy part), and hits of similar quality are
ordered by how often the team used them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from shiftboard.domain.replies.library import Category, ReplyLibrary, Script

#: Below this a script does not match a term.
THRESHOLD = 60
#: Scores within one band count as equally good, so usage decides between them.
BAND = 10

_PLACEHOLDER = re.compile(r"\{[a-z][a-z0-9_]*\}")
#: How many characters of a script's beginning count as its "first words" for initials.
_LEAD = 12


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _pinyin(text: str) -> tuple[str, str]:
    """Full pinyin and initials of the Chinese characters in `text` ("欢迎" → huanying, hy).
    pypinyin is imported here, by the index builder's worker: its dictionaries take ~230 ms to
    load, which the reply library's screen must not wait for before it opens."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin("".join(c for c in text if _is_han(c)))
    return "".join(syllables), "".join(s[0] for s in syllables if s)


@dataclass(frozen=True)
class _Entry:
    """One script's searchable forms, prepared once per library."""

    script: Script
    order: int
    title: str
    keywords: str
    body: str
    title_pinyin: str
    title_initials: str
    keyword_initials: tuple[str, ...]
    body_pinyin: str
    lead_initials: tuple[str, ...]  # of the first words, with each greeting the script may open with


@dataclass(frozen=True)
class Hit:
    script: Script
    score: float
    uses: int


class SearchIndex:
    """The scripts of one library, ready to be searched."""

    def __init__(self, library: ReplyLibrary) -> None:
        self.library = library
        self.entries = [self._entry(s, i) for i, s in enumerate(library.scripts)]

    def _entry(self, script: Script, order: int) -> _Entry:
        category = self.library.category(script.category)
        greetings = [self.library.greetings.get(k, "") for k in ("morning", "default")]
        openings = [_PLACEHOLDER.sub(" ", script.text.replace("{greeting}", g)).casefold() for g in greetings]
        body = " ".join(dict.fromkeys(openings))
        if category:
            body = f"{category.title.casefold()} {body}"
        keywords = " ".join(script.keywords).casefold()
        title_pinyin, title_initials = _pinyin(script.title)
        return _Entry(script, order, script.title.casefold(), keywords, body, title_pinyin, title_initials,
                      tuple(_pinyin(k)[1] for k in script.keywords), _pinyin(body)[0],
                      tuple(_pinyin(o[:_LEAD])[1] for o in openings))

    def search(self, query: str, uses: Mapping[str, int] | None = None) -> list[Hit]:
        """Scripts matching every term of `query`, best first; all of them for an empty query."""
        uses = uses or {}
        terms = query.casefold().split()
        hits = []
        for entry in self.entries:
            scores = [_score(entry, term) for term in terms]
            if all(s >= THRESHOLD for s in scores):
                score = sum(scores) / len(scores) if scores else 100.0
                hits.append((entry, Hit(entry.script, score, uses.get(entry.script.id, 0))))
        if not terms:
            categories = [c.id for c in self.library.categories]
            hits.sort(key=lambda h: (categories.index(h[1].script.category), -h[1].uses, h[0].order))
        else:
            hits.sort(key=lambda h: (-(h[1].score // BAND), -h[1].uses, -h[1].score, h[0].order))
        return [hit for _entry, hit in hits]


def _score(entry: _Entry, term: str) -> float:
    return _score_han(entry, term) if any(_is_han(c) for c in term) else _score_latin(entry, term)


def _score_han(entry: _Entry, term: str) -> float:
    if term in entry.title:
        return 100
    if term in entry.keywords:
        return 95
    if term in entry.body:
        return 90
    # a wrong character with the right sound (欢营 for 欢迎) is the commonest typo with pinyin input
    sound, _initials = _pinyin(term)
    if len(sound) >= 4 and sound in entry.title_pinyin:
        return 85
    if len(sound) >= 4 and sound in entry.body_pinyin:
        return 80
    return max(fuzz.partial_ratio(term, entry.title), fuzz.partial_ratio(term, entry.keywords)) * 0.8


def _word_start(term: str, text: str) -> bool:
    return re.search(r"(?<![a-z0-9])" + re.escape(term), text) is not None


def _score_latin(entry: _Entry, term: str) -> float:
    """English words, pinyin initials ("hy") and full pinyin ("huanying"), best kind wins."""
    exact = [
        (100, _word_start(term, entry.title)),
        (98, entry.title_initials.startswith(term)),
        (97, len(term) >= 2 and entry.title_pinyin.startswith(term)),
        (96, len(term) >= 2 and any(lead.startswith(term) for lead in entry.lead_initials)),
        (95, _word_start(term, entry.keywords)),
        (94, any(k.startswith(term) for k in entry.keyword_initials if k)),
        (90, len(term) >= 2 and term in entry.title_initials or (len(term) >= 3 and term in entry.title_pinyin)),
        (88, _word_start(term, entry.body)),
        (80, len(term) >= 4 and term in entry.body_pinyin),
    ]
    best = next((score for score, hit in exact if hit), 0)
    if best or len(term) < 4:
        return best
    # a typo: fuzzy against the words and the pinyin
    return max(fuzz.partial_ratio(term, entry.title), fuzz.partial_ratio(term, entry.keywords),
               fuzz.partial_ratio(term, entry.title_pinyin)) * 0.8


def grouped(hits: list[Hit], library: ReplyLibrary) -> list[tuple[Category, list[Hit]]]:
    """Hits by category; a category comes where its best hit ranks."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.script.category, []).append(hit)
    return [(library.category(cid) or Category(cid, cid), found) for cid, found in groups.items()]
