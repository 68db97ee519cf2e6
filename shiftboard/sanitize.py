"""The one gate between text that came from people or platforms and a terminal or an export.

A note, a buyer's name or an imported cell may hold ESC, OSC, BEL, CR, backspace or a bidi
override: written raw, they retitle the terminal, move the cursor, hide what precedes them, or
make a line read backwards. What is stored stays as it was typed; what is shown passes through
`visible`, which spells each such character out (``\\x1b``, ``\\u202e``) so that it can be seen
and nothing is executed. Every output path uses it: the CLI, the screens and the exports.
"""

from __future__ import annotations

import re

# C0 (but tab and newline, handled by `multiline`), DEL, C1, and the Unicode format characters
# that reorder or hide text: bidi embeddings/overrides/isolates, LRM/RLM/ALM, the line and
# paragraph separators, and the BOM / zero-width no-break space in the middle of text.
_RANGES = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0x061C, 0x061C), (0x200E, 0x200F),
           (0x2028, 0x2029), (0x202A, 0x202E), (0x2066, 0x2069), (0xFEFF, 0xFEFF))
_LAYOUT = (0x09, 0x0A)  # tab, newline: kept by `multiline`
_CLASS = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _RANGES)
_UNSAFE = re.compile(f"[{_CLASS}]")
_UNSAFE_WITH_LAYOUT = re.compile(f"[{_CLASS}\\t\\n]")


def _spell(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, *, multiline: bool = False) -> str:
    """`text` with every control or reordering character spelled out. With `multiline`, tabs
    and newlines are kept (a note shown over several lines); without, they are spelled out too
    (a table cell, a one-line field)."""
    value = text if isinstance(text, str) else str(text)
    pattern = _UNSAFE if multiline else _UNSAFE_WITH_LAYOUT
    return pattern.sub(_spell, value)


def is_clean(text: str, *, multiline: bool = False) -> bool:
    """True when `visible` would leave `text` unchanged."""
    pattern = _UNSAFE if multiline else _UNSAFE_WITH_LAYOUT
    return pattern.search(text) is None


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(data: object, **options: object) -> str:
    """`data` as JSON for a terminal or an export: the same values (the characters `visible`
    spells out become JSON's own \\uXXXX escapes, so a parser reads back exactly what was
    stored), with none of them raw."""
    import json

    text = json.dumps(data, ensure_ascii=False, **options)
    # json.dumps escapes C0 inside strings itself; its own newlines (indent) are layout.
    return _UNSAFE.sub(_json_escape, text)


def unsafe_characters() -> list[str]:
    """Every character `visible` spells out on a single line (for stand-in tables)."""
    codes = [c for a, b in _RANGES for c in range(a, b + 1)] + list(_LAYOUT)
    return [chr(code) for code in codes]
