"""Reply scripts 话术: the team's library of ready answers, and their `{placeholders}`.

A library is a TOML file the team edits (format documented at the top of the shipped
`data/replies.<lang>.toml`). `parse_replies` turns its text into frozen dataclasses or reports
every problem with its line. `fill` puts values into a script's placeholders and refuses —
naming the empty ones — while any is left unfilled, so a half-made reply is never sent.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from shiftboard.domain import problems
from shiftboard.domain.problems import Checker, FileProblems
from shiftboard.errors import ShiftboardError


#: The words `{greeting}` can become: by time of day, and on each Chinese public holiday.
GREETING_KINDS = ("morning", "default", "new_year", "spring_festival", "labour_day", "mid_autumn",
                  "national_day")

ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_PLACEHOLDER = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Category:
    id: str
    title: str


@dataclass(frozen=True)
class Script:
    id: str
    category: str
    title: str
    text: str
    keywords: tuple[str, ...] = ()

    @property
    def placeholders(self) -> tuple[str, ...]:
        return placeholders(self.text)


@dataclass(frozen=True)
class ReplyLibrary:
    categories: tuple[Category, ...]
    scripts: tuple[Script, ...]
    greetings: Mapping[str, str] = field(default_factory=dict)

    def script(self, script_id: str) -> Script | None:
        return next((s for s in self.scripts if s.id == script_id), None)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)


class ReplyFileError(FileProblems):
    """A team file (replies, forbidden phrases, greeting periods) with problems, each at its line."""


class UnfilledPlaceholders(ShiftboardError):
    """A script still has placeholders without a value; `names` says which."""

    def __init__(self, names: list[str]) -> None:
        super().__init__("error.reply_unfilled", names=", ".join(names))
        self.names = tuple(names)


# -- placeholders ---------------------------------------------------------------------------

def segments(text: str) -> list[tuple[str, str | None]]:
    """(literal, placeholder name or None) pairs; `{{` and `}}` are literal braces.

    Raises ValueError for unbalanced braces (string.Formatter's own rule).
    """
    return [(literal, name) for literal, name, _spec, _conv in string.Formatter().parse(text)]


def template_problem(text: str) -> tuple[str, dict] | None:
    """Why `text` is not a usable script (message key and params), or None when it is."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        return "check.bad_braces", {"detail": str(error)}
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not _PLACEHOLDER.match(name) or spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return "check.bad_placeholder", {"placeholder": "{" + shown + "}"}
    return None


def placeholders(text: str) -> tuple[str, ...]:
    """The placeholder names of `text`, each once, in order of first use."""
    seen: dict[str, None] = {}
    for _literal, name in segments(text):
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def missing(text: str, values: Mapping[str, str]) -> list[str]:
    """The placeholders of `text` that `values` leaves empty (blank counts as empty)."""
    return [name for name in placeholders(text) if not str(values.get(name) or "").strip()]


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with every placeholder replaced; UnfilledPlaceholders if any has no value."""
    empty = missing(text, values)
    if empty:
        raise UnfilledPlaceholders(empty)
    return "".join(literal + (str(values[name]).strip() if name else "")
                   for literal, name in segments(text))


# -- parsing --------------------------------------------------------------------------------

def open_document(text: str, allowed: set[str]) -> tuple[dict, Checker]:
    """Parse a reply-scripts file and start checking it (see `problems.open_document`)."""
    return problems.open_document(text, allowed, ReplyFileError)


def close_document(check: Checker) -> None:
    if check.problems:
        raise ReplyFileError(check.sorted_problems())


def titled_table(check: Checker, data: dict, name: str) -> dict[str, str]:
    """A table of `id = "title"` lines (categories, rules); at least one entry."""
    table = data.get(name)
    if not isinstance(table, dict) or not table:
        check.add((name,), "check.empty_table", name=name)
        return {}
    titles: dict[str, str] = {}
    for key in table:
        if not ID.match(key):
            check.add((name, key), "check.bad_id", id=key)
        title = check.text(table, (name,), key)
        if title is not None and ID.match(key):
            titles[key] = title
    return titles


def text_list(check: Checker, table: dict, path: tuple, name: str) -> tuple[str, ...] | None:
    """An optional list of non-empty texts (None when it is malformed)."""
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        check.add(path + (name,), "check.not_text_list", name=name)
        return None
    return tuple(v.strip() for v in value)


def reference(check: Checker, table: dict, path: tuple, name: str, known: Mapping[str, str]) -> str | None:
    """A required id that must be defined in another table (a script's category, a rule)."""
    value = check.text(table, path, name)
    if value is not None and value not in known:
        check.add(path + (name,), "check.unknown_ref", name=name, value=value,
                  allowed=", ".join(known) or "-")
        return None
    return value


def report_duplicates(check: Checker, ids: list[tuple[str, tuple]]) -> None:
    """Report each id used twice, at its second use."""
    seen: set[str] = set()
    for item_id, path in ids:
        if item_id in seen:
            check.add(path, "check.duplicate_id", id=item_id)
        seen.add(item_id)


def parse_replies(text: str) -> ReplyLibrary:
    """Parse and validate a reply library; raise ReplyFileError listing every problem."""
    data, check = open_document(text, {"greetings", "categories", "scripts"})
    categories = titled_table(check, data, "categories")
    greetings = _greetings(check, data)
    scripts_data = data.get("scripts")
    if not isinstance(scripts_data, list) or not scripts_data:
        check.add(("scripts",), "check.no_scripts")
        scripts_data = []
    scripts = [_script(check, s, ("scripts", i), categories) for i, s in enumerate(scripts_data)]
    report_duplicates(check, [(d["id"], ("scripts", i, "id")) for i, d in enumerate(scripts_data)
                              if isinstance(d, dict) and isinstance(d.get("id"), str)])
    close_document(check)
    return ReplyLibrary(tuple(Category(k, v) for k, v in categories.items()),
                        tuple(s for s in scripts if s), greetings)


def _greetings(check: Checker, data: dict) -> dict[str, str]:
    table = data.get("greetings")
    if not isinstance(table, dict):
        check.add(("greetings",), "check.empty_table", name="greetings")
        return {}
    check.known_keys(table, ("greetings",), set(GREETING_KINDS))
    words: dict[str, str] = {}
    for kind in GREETING_KINDS:
        value = check.text(table, ("greetings",), kind, required=kind in ("morning", "default"))
        if value is not None:
            words[kind] = value
    return words


def _script(check: Checker, data: object, path: tuple, categories: dict[str, str]) -> Script | None:
    if not isinstance(data, dict):
        check.add(path, "check.not_table")
        return None
    check.known_keys(data, path, {"id", "category", "title", "text", "keywords"})
    script_id = check.text(data, path, "id")
    if script_id is not None and not ID.match(script_id):
        check.add(path + ("id",), "check.bad_id", id=script_id)
        script_id = None
    category = reference(check, data, path, "category", categories)
    title, body = check.text(data, path, "title"), check.text(data, path, "text")
    if body is not None and (problem := template_problem(body)):
        check.add(path + ("text",), problem[0], **problem[1])
        body = None
    keywords = text_list(check, data, path, "keywords")
    if None in (script_id, category, title, body, keywords):
        return None
    return Script(script_id, category, title, body, keywords)
