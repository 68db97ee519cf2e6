"""The one translation function, `t`, and the language it speaks.

Catalogues are TOML files under ``shiftboard/locale/<lang>/``; every file of a language is
merged, so each feature keeps its words in its own file. Keys are dotted paths
(``[status]`` + ``done = "..."`` is ``status.done``).
"""

from __future__ import annotations

import os
import tomllib
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


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, merged from its catalogue files."""
    merged: dict[str, str] = {}
    folder = Path(__file__).with_name("locale") / lang  # importlib.resources cost 2 ms to import
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            merged.update(_flatten(tomllib.loads(entry.read_text(encoding="utf-8"))))
    return merged


def t(key: str, /, **params: object) -> str:
    """Translate `key` into the current language and fill its `{placeholders}`.

    A missing key shows itself (the parity test keeps that from reaching users).
    """
    text = catalogue(_current).get(key) or catalogue("en").get(key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text
