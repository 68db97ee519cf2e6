"""Use cases for reply scripts: find one, fill it, copy it (and count that), check a draft.

The team's own files in the data dir (`replies.toml`, `forbidden.toml`, `greetings.toml`)
take precedence over the shipped defaults. The forbidden-phrase check uses the shipped lists of
every language at once (a phrase applies to text in its own script, whatever `--lang` is), or
the team's one `forbidden.toml`, which may hold phrases in any script. They are watched by modification time, so an edit
saved while shiftboard runs is picked up on the next search without a restart; an edit that
breaks a file leaves the last good version in use and says so (`ReplyService.problem`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING
from dataclasses import dataclass
from pathlib import Path

from pendulum import Date

from shiftboard.collector import keep_long_lived
from shiftboard.clock import Clock
from shiftboard.config import Settings
from shiftboard.domain.replies.forbidden import Match, PhraseList, find, parse_forbidden
from shiftboard.domain.replies.greeting import (
    GreetingPeriod, calendar_knows, choose_greeting, greeting_words, parse_greeting_periods, with_notice,
)
from shiftboard.domain.problems import Problem
from shiftboard.domain.replies.library import (
    Category, ReplyLibrary, Script, fill, missing, parse_replies,
)
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import LANGUAGES
from shiftboard.services.shift import InvalidFile, parse_team_file
from shiftboard.store import Store
from shiftboard.store.shipped import shipped
from shiftboard.store.teamfiles import present

if TYPE_CHECKING:  # the search module loads pypinyin's dictionaries: only when a search runs
    from shiftboard.domain.replies.search import Hit, SearchIndex

GREETINGS_FILE = "greetings.toml"


@dataclass(frozen=True)
class ReplySources:
    """The files in use: the team's where it has them, else the shipped ones."""

    replies: Path
    forbidden: tuple[Path, ...]  # all checked together
    greetings: Path | None  # the team's greeting periods, if it keeps any


def reply_sources(settings: Settings, store: Store) -> ReplySources:
    replies, forbidden = store.root / "replies.toml", store.root / "forbidden.toml"
    greetings = store.root / GREETINGS_FILE
    return ReplySources(
        replies if present(replies) else shipped(f"replies.{settings.lang}.toml"),
        (forbidden,) if present(forbidden) else tuple(shipped(f"forbidden.{lang}.toml") for lang in LANGUAGES),
        greetings if present(greetings) else None)


class ReplyFileInvalid(InvalidFile):
    """A reply, phrase or greeting file with problems, with the file they are in."""

    message = "error.replies_invalid"


def _load(store: Store, path: Path, parse: Callable[[str], object]):
    return parse_team_file(path, store, parse, ReplyFileInvalid)


def check_reply_files(settings: Settings, store: Store, today: Date | None = None) -> list[tuple[Path, list[Problem]]]:
    """For `shiftboard check`: each reply file in use, with its problems. Given `today`, a year
    the holiday calendar does not know yet is named at the reply library (its holiday words
    fall back to the ordinary greeting)."""
    sources = reply_sources(settings, store)
    files = [(sources.replies, parse_replies), *((p, parse_forbidden) for p in sources.forbidden),
             (sources.greetings, parse_greeting_periods)]
    results = []
    for path, parse in files:
        if path is None:
            continue
        try:
            _load(store, path, parse)
            results.append((path, []))
        except ReplyFileInvalid as error:
            results.append((path, error.problems))
        except ShiftboardError as error:
            results.append((path, [Problem(0, error.key, error.params)]))
    if today is not None and not calendar_knows(today.year):
        # The greeting falls back to the ordinary one: a notice, not a failure of every check
        # from New Year's Day until the calendar package learns the new year.
        results[0][1].append(Problem(0, "check.holiday_year_unknown", {"year": today.year}, warning=True))
    return results


@dataclass(frozen=True)
class _Loaded:
    library: ReplyLibrary
    phrases: PhraseList
    periods: tuple[GreetingPeriod, ...]
    #: rule id → its title, from the list in the screen's language where it names the rule
    titles: dict[str, str]


class ReplyService:
    """The reply library, greetings and phrase list of one team, kept fresh from disk."""

    def __init__(self, store: Store, settings: Settings, clock: Clock) -> None:
        self.store, self.settings, self.clock = store, settings, clock
        #: the last reload that failed (the scripts loaded before stay in use), or None
        self.problem: ReplyFileInvalid | ShiftboardError | None = None
        self._loaded: _Loaded | None = None
        self._stamp: tuple | None = None
        self._index: tuple[object, SearchIndex] | None = None
        self._usage: tuple[tuple, dict[str, int]] | None = None

    def _watched(self) -> list[Path]:
        names = ["replies.toml", "forbidden.toml", GREETINGS_FILE]
        return ([self.store.root / n for n in names] + [shipped(f"replies.{self.settings.lang}.toml")]
                + [shipped(f"forbidden.{lang}.toml") for lang in LANGUAGES])

    def refresh(self) -> bool:
        """Reload the files if any changed on disk; True when it did.

        The first load raises when a file is broken; later a broken edit keeps the last good
        version and sets `problem` until the file is fixed.
        """
        stamp = self.store.file_stamps(self._watched())
        if self._loaded is not None and stamp == self._stamp:
            return False
        self._stamp = stamp
        sources = reply_sources(self.settings, self.store)
        try:
            lists = [(path, _load(self.store, path, parse_forbidden)) for path in sources.forbidden]
            loaded = _Loaded(_load(self.store, sources.replies, parse_replies),
                             sum((phrases for _, phrases in lists), PhraseList((), ())),
                             _load(self.store, sources.greetings, parse_greeting_periods)
                             if sources.greetings else (),
                             _titles(lists, self.settings.lang))
        except ShiftboardError as error:
            if self._loaded is None:
                raise
            self.problem = error
            return False
        self._loaded, self.problem, self._index = loaded, None, None
        return True

    def _current(self) -> _Loaded:
        self.refresh()
        assert self._loaded is not None
        return self._loaded

    def library(self) -> ReplyLibrary:
        """The scripts, with today's greeting-period notice (if any) among the greetings."""
        return self._search_index().library

    def _search_index(self) -> SearchIndex:
        from shiftboard.domain.replies.search import SearchIndex

        loaded = self._current()
        choice = choose_greeting(self.clock.now(), loaded.periods)
        # a reload drops the index; a new day may start or end a greeting period
        if self._index is None or self._index[0] != choice.period:
            first = self._index is None
            self._index = (choice.period, SearchIndex(with_notice(loaded.library, choice)))
            if first:  # pypinyin's dictionaries have just loaded, for the process's lifetime
                keep_long_lived()
        return self._index[1]

    def greeting(self) -> str:
        loaded = self._current()
        return greeting_words(choose_greeting(self.clock.now(), loaded.periods), loaded.library.greetings)

    def usage(self) -> dict[str, int]:
        """How often each script was copied (read again only when the file changed)."""
        table = self.store.reply_usage.live
        stamp = self.store.file_stamps([table.path])
        if self._usage is None or self._usage[0] != stamp:
            self._usage = (stamp, {r["id"]: int(r.get("count", 0)) for r in table.read()})
        return self._usage[1]

    def search(self, query: str) -> list[Hit]:
        return self._search_index().search(query, self.usage())

    def grouped(self, query: str) -> list[tuple[Category, list[Hit]]]:
        from shiftboard.domain.replies.search import grouped

        index = self._search_index()
        return grouped(index.search(query, self.usage()), index.library)

    def context(self, extra: Mapping[str, object] | None = None) -> dict[str, str]:
        """Values placeholders fill from: greeting, config shop/agent, then `extra` (a case)."""
        values = {"greeting": self.greeting(), "shop": self.settings.shop, "agent": self.settings.agent}
        values.update({k: str(v).strip() for k, v in (extra or {}).items() if v is not None and str(v).strip()})
        return {k: v for k, v in values.items() if v}

    @staticmethod
    def missing(script: Script, values: Mapping[str, str]) -> list[str]:
        return missing(script.text, values)

    @staticmethod
    def fill(script: Script, values: Mapping[str, str]) -> str:
        """The script with its placeholders filled; UnfilledPlaceholders names any left empty."""
        return fill(script.text, values)

    def count_use(self, script: Script, flagged: Sequence[Match] = ()) -> None:
        """One more copy of `script` (one locked unit of work: safe while others copy too).
        `flagged`: the forbidden phrases the agent copied anyway, recorded with the copy."""
        now = self.clock.now().isoformat()

        def count(record: dict | None) -> dict:
            record = record or {"count": 0}
            record = {**record, "count": int(record.get("count", 0)) + 1, "last": now, "by": self.settings.agent}
            if flagged:
                record.update(flagged=int(record.get("flagged", 0)) + 1, flagged_last=now,
                              flagged_by=self.settings.agent, flagged_rules=sorted({m.rule.id for m in flagged}))
            return record

        self.store.reply_usage.live.update(script.id, count)

    def use(self, script: Script, values: Mapping[str, str]) -> str:
        """Fill and count in one go (nothing is counted when a placeholder is empty)."""
        text = self.fill(script, values)
        self.count_use(script)
        return text

    def rule_titles(self) -> dict[str, str]:
        """Each forbidden-phrase rule's title (a reply note's flags name rules by id)."""
        return self._current().titles

    def check(self, draft: str) -> list[Match]:
        """The forbidden phrases in a draft reply, with their rules and better wordings."""
        return find(self._current().phrases, draft)


def _titles(lists: list[tuple[Path, PhraseList]], lang: str) -> dict[str, str]:
    """Rule id → title; the shipped lists name each rule in both languages, so the one in
    `lang` is taken first."""
    titles: dict[str, str] = {}
    for _, phrases in sorted(lists, key=lambda pair: pair[0].name != f"forbidden.{lang}.toml"):
        for rule in phrases.rules:
            titles.setdefault(rule.id, rule.title)
    return titles
