"""Wrapping that knows Chinese: a line may break between any two Chinese characters.

Rich and Textual break lines only at spaces, so a row of Chinese (which has none) is one
long "word": it jumps whole to the next line and leaves its bullet alone above it. Here each
wide character is a place to break, a line never starts with a closing mark (，。）…), and the
lines after the first are indented under the text, not under the bullet.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

#: Marks that close something: they stay at the end of a line, never open the next.
_CLOSING = set("，。、；：？！）》」』】〉,.;:?!)…·")


#: What a character is to wrapping: a space, part of a word, or a word of its own (wide).
SPACE, OTHER, WIDE = range(3)


def _tokens(plain: str):
    """(offset, text) of each wide character, each run of other non-space characters and
    each run of spaces. (Not a regular expression: one spanning the CJK blocks took ~7 ms
    to compile, a tenth of the dashboard's start-up budget.)"""
    kinds = [_kind(character) for character in plain]
    start = 0
    for at in range(1, len(plain) + 1):
        if at == len(plain) or kinds[at] != kinds[at - 1] or kinds[at - 1] == WIDE:
            yield start, plain[start:at]
            start = at


def _kind(character: str) -> int:
    return SPACE if character.isspace() else WIDE if cell_len(character) == 2 else OTHER


def breaks(plain: str, width: int, indent: int) -> list[int]:
    """Offsets into `plain` where its lines begin (after the first), for `width` cells, the
    lines after the first `indent` cells narrower."""
    starts: list[int] = []
    used, room = 0, max(1, width)
    for offset, token in _tokens(plain):
        cells = cell_len(token)
        if used + cells <= room or used == 0 or token.isspace():
            used += cells
            continue
        at = offset
        if token in _CLOSING and at - 1 > (starts[-1] if starts else 0):
            at -= 1  # carry the character before along: the mark does not open a line
        starts.append(at)
        used, room = cell_len(plain[at:offset + len(token)]), max(1, width - indent)
    return starts


def hang(text: Text, width: int, indent: int = 2, *tails: Text) -> Text:
    """`text` wrapped to `width` cells, its later lines indented by `indent` spaces; each of
    `tails` (who and when, a countdown) is never split: it ends the last line if it fits, or
    starts a line of its own. Width 0 (not laid out yet): nothing is wrapped."""
    if width <= 0:
        return Text.assemble(*(text, *tails), style=text.style)
    out = Text(style=text.style, end="")
    for number, line in enumerate(text.divide(breaks(text.plain, width, indent))):
        line.rstrip()  # the spaces a line broke at would wrap again on their own
        if number:
            out.append("\n" + " " * indent)
        out.append_text(line)
    for tail in tails:
        if not tail.plain.strip():
            continue
        last = out.plain.rsplit("\n", 1)[-1]
        if cell_len(last) + cell_len(tail.plain) > width:
            out.append("\n" + " " * indent)
            tail = tail[len(tail.plain) - len(tail.plain.lstrip()):]  # its styles move with it
        out.append_text(tail)
    return out


def same_height(before: Text | None, after: Text, width: int) -> bool:
    """Both texts take as many lines at this width, none of them wrapped: the panel keeps
    its height and the screen need not be laid out again (a layout costs every open
    dashboard a few ms at each change a teammate makes)."""
    if before is None or width <= 0:
        return False
    lines = before.plain.split("\n"), after.plain.split("\n")
    return len(lines[0]) == len(lines[1]) and all(cell_len(line) <= width for line in (*lines[0], *lines[1]))
