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
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_UNSAFE_WITH_LAYOUT = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")


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
