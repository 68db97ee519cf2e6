"""The screens' side of the sanitiser: no control byte of a note, a name or an imported cell
reaches the terminal from any widget.

Textual passes ESC (and C1 and bidi characters) in widget text straight to the terminal, where
`\\x1b]0;…` retitles the window and `\\x1b[2J` clears it. Rather than trusting 127 places that
put text on screen to remember the sanitiser, the app applies this line filter to every line of
every widget: each such character is drawn as a visible one-cell stand-in (ESC as ␛, BEL as ␇,
others as �). The stored text stays as it was typed.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from shiftboard.sanitize import is_clean, unsafe_characters


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ ␇ ␈ ␍ …
    return "\u2421" if code == 0x7F else "\ufffd"


_TABLE = {ord(c): _stand_in(c) for c in unsafe_characters()}


class VisibleControls(LineFilter):
    """Draw control and reordering characters as visible stand-ins."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(control or is_clean(text) for text, _, control in segments):
            return segments
        return [segment if segment.control or is_clean(segment.text)
                else Segment(segment.text.translate(_TABLE), segment.style)
                for segment in segments]
