"""The one translation function, `t`, and the language it speaks.

Catalogues are TOML files under ``shiftboard/locale/<lang>/``; every file of a language is
merged, so each feature keeps its words in its own file. Keys are dotted paths
(``[status]`` + ``done = "..."`` is ``status.done``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

LANGUAGES = ("zh-CN", "en")
_ALIASES = {"zh": "zh-CN", "zh-cn": "zh-CN", "zh_cn": "zh-CN", "cn": "zh-CN", "en": "en", "en-us": "en"}

_current = "en"


def normalise(lang: str | None) -> str | None:
    """Map user spellings (`zh`, `zh_CN`, `en-US`) onto a catalogue name, or None."""
    if not lang:
        return None
    return _ALIASES.get(lang.strip().lower().replace("_", "-"))


def from_environment() -> str:
    """The language the system locale suggests: Chinese for any zh locale, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh-CN" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str) -> None:
    global _current
    _current = normalise(lang) or "en"


def language() -> str:
    return _current


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = str(value)
    return flat


#: The files of a language read first: the words of the dashboard's first screen. The others
#: are read the first time a key is not found in these: reading all of them (31 kB of TOML)
#: took ~6 ms of every start. No key is in two files (a test checks), so order changes nothing.
FIRST_FILES = ("core.toml", "tui.toml")

_first: dict[str, dict[str, str]] = {}  # language → the messages of its FIRST_FILES
_whole: set[str] = set()  # languages a key was looked up in beyond their FIRST_FILES


def _folder(lang: str) -> Path:
    return Path(__file__).with_name("locale") / lang  # importlib.resources cost 2 ms to import


def file_messages(path: Path) -> dict[str, str]:
    return _flatten(tomllib.loads(path.read_text(encoding="utf-8")))


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, merged from its catalogue files."""
    merged: dict[str, str] = {}
    for path in sorted(_folder(lang).glob("*.toml")):
        merged.update(file_messages(path))
    return merged


def _message(lang: str, key: str) -> str | None:
    if lang not in _whole:
        if lang not in _first:
            _first[lang] = {k: v for name in FIRST_FILES for k, v in file_messages(_folder(lang) / name).items()}
        found = _first[lang].get(key)
        if found is not None:
            return found
        _whole.add(lang)
    return catalogue(lang).get(key)


def join(words: Iterable[str]) -> str:
    """Words as a list in the current language: "a, b" in English, "甲、乙" in Chinese."""
    return t("list.separator").join(words)


def t(key: str, /, **params: object) -> str:
    """Translate `key` into the current language and fill its `{placeholders}`.

    A missing key shows itself (the parity test keeps that from reaching users).
    """
    return translate(_current, key, **params)


def t_or(key: str, fallback: str, /) -> str:
    """The catalogue's word for `key`, else `fallback` (an id the catalogue has no word for:
    a team's own playbook item, a value from a newer file) rather than the key itself."""
    text = t(key)
    return fallback if text == key else text


def translate(lang: str, key: str, /, **params: object) -> str:
    """`t` in a given language (a served page speaks its browser's, not the server's)."""
    text = _message(lang, key) or _message("en", key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text
