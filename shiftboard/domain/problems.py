"""Validation problems: where (line) and what (a message key with its parameters)."""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple


class Problem(NamedTuple):
    line: int
    key: str
    params: Mapping[str, object] = MappingProxyType({})
    warning: bool = False  # worth knowing, but the file works: `check` still passes


class FileProblems(Exception):
    """A team-edited file has problems; `problems` lists every one with its line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


_HEADER = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_\-]+))\s*=""")


def _parts(name: str) -> list[str]:
    return [p.strip().strip("\"'") for p in name.split(".")]


def locate_lines(text: str) -> dict[tuple, int]:
    """Map each TOML table and key path to the line it stands on.

    tomllib gives values but not positions; validation messages must say FILE:LINE, so this
    walks the text once. Arrays of tables get their index in the path:
    ``("shifts", 0, "blocks", 2, "start")``.
    """
    lines: dict[tuple, int] = {}
    counters: dict[tuple, int] = {}
    current: tuple = ()
    in_string: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if in_string:
            if in_string in line:
                in_string = None
            continue
        if not line or line.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header:
            path: tuple = ()
            names = _parts(header.group(1))
            for name in names[:-1]:
                path += (name,)
                if path in counters:
                    path += (counters[path],)
            path += (names[-1],)
            if line.startswith("[["):
                counters[path] = counters.get(path, -1) + 1
                path += (counters[path],)
            current = path
            lines[current] = number
            continue
        key = _KEY.match(line)
        if key:
            lines[current + (next(g for g in key.groups() if g),)] = number
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_string = quote
    return lines


def line_of(lines: dict[tuple, int], path: tuple) -> int:
    """The line of `path`, or of its nearest enclosing table that has one (else line 1)."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 1


_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


def syntax_problem(error: Exception) -> Problem:
    """Turn a tomllib syntax error into a Problem at its line."""
    message = str(error)
    found = _TOML_POSITION.search(message)
    detail = _TOML_POSITION.sub("", message).strip()
    return Problem(int(found.group(1)) if found else 1, "check.toml_syntax", {"detail": detail})


#: The layout version of the team-edited TOML files (playbook, policy, rules, reply scripts).
TEAM_FILE_SCHEMA = 1


#: Team files are a few tables deep; far deeper nesting is a broken or hostile file (tomllib
#: recurses per level and would end in a RecursionError with a 200 kB traceback).
MAX_DEPTH = 16


def load_toml(text: str) -> tuple[dict, list[Problem]]:
    """Parse team-edited TOML: the data, or {} and the problem that stopped it. Besides the
    syntax, refuses what TOML allows but no team file means: nesting past MAX_DEPTH and the
    non-finite numbers nan and inf (a refund of "NaN%")."""
    depth = _bracket_depth(text)
    if depth > MAX_DEPTH:
        return {}, [Problem(1, "check.too_deep", {"depth": depth, "limit": MAX_DEPTH})]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as found:
        return {}, [syntax_problem(found)]
    lines = None
    problems = []
    for path in _non_finite(data, ()):
        lines = lines if lines is not None else locate_lines(text)
        problems.append(Problem(line_of(lines, path), "check.not_finite", {"name": ".".join(map(str, path))}))
    return (data, []) if not problems else ({}, problems)


_SPECIAL = re.compile(r"[\"'#\[\]{}\n]")


def _bracket_depth(text: str) -> int:
    """The deepest nesting of arrays and inline tables, strings and comments aside: enough to
    keep tomllib from recursing too deep (exact TOML is tomllib's job). Only the characters
    that matter are visited (a character loop cost ~3 ms of every start)."""
    depth = deepest = 0
    closing = None  # what ends the string or comment we are in
    for found in _SPECIAL.finditer(text):
        char = found.group()
        if closing:
            if char == closing:
                closing = None
        elif char in "\"'":
            closing = char
        elif char == "#":
            closing = "\n"
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _non_finite(value: object, path: tuple):
    if isinstance(value, float) and not math.isfinite(value):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _non_finite(item, path + (index,))


def open_document(text: str, allowed: set[str], error: type[FileProblems]) -> tuple[dict, Checker]:
    """Parse a team-edited TOML file and start checking it: its syntax, depth and numbers (a
    broken file raises `error` at the line), its top-level keys and its schema."""
    data, problems = load_toml(text)
    if problems:
        raise error(problems)
    check = Checker(text)
    check.known_keys(data, (), allowed | {"schema"})
    if data.get("schema", TEAM_FILE_SCHEMA) != TEAM_FILE_SCHEMA:
        check.add(("schema",), "check.schema", found=data.get("schema"), expected=TEAM_FILE_SCHEMA)
    return data, check


class Checker:
    """Collects problems while walking a parsed TOML document, so all are reported at once."""

    def __init__(self, text: str) -> None:
        self.lines = locate_lines(text)
        self.problems: list[Problem] = []

    def add(self, path: tuple, key: str, **params: object) -> None:
        self.problems.append(Problem(line_of(self.lines, path), key, params))

    def known_keys(self, table: dict, path: tuple, allowed: set[str]) -> None:
        for name in table:
            if name not in allowed:
                self.add(path + (name,), "check.unknown_key", name=name, allowed=", ".join(sorted(allowed)))

    def text(self, table: dict, path: tuple, name: str, required: bool = True) -> str | None:
        value = table.get(name)
        if value is None:
            if required:
                self.add(path, "check.missing", name=name)
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(path + (name,), "check.not_text", name=name)
            return None
        return value.strip()

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.line)
