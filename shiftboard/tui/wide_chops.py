"""Chinese characters kept whole where one widget lies over another (Textual issue #6357).

Textual composes a line from "chops": the line is cut wherever any widget's region starts or
ends, and each piece is taken from the front-most widget there. A double-width character of
the front widget that straddles such a cut is halved, and each half drawn as a blank: a toast
over the dashboard lost the 汉字 that sat over the checklist's border. Here the pieces of one
widget that meet at a halved character are joined into one again (the second piece left
empty), so the character is drawn whole; a character half covered by another widget is still
blanked, as it must be.

`install()` replaces `Compositor._render_chops` with this version of it (Textual 8.2); the
test of a toast over the dashboard fails if a Textual upgrade changes what it relies on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.cells import cell_len
from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

_EMPTY = Strip([], 0)


def halved(strip: Strip, offsets: list[int]) -> list[int]:
    """The offsets that fall inside a double-width character of `strip`."""
    if not offsets or strip.cell_length == len(strip.text):  # no wide character: nothing to halve
        return []
    inside, x, wanted = [], 0, set(offsets)
    for segment in strip:
        for character in segment.text:
            width = cell_len(character)
            if width == 2 and x + 1 in wanted:
                inside.append(x + 1)
            x += width
    return inside


def _render_chops(self: Compositor, crop: Region,
                  is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    owners: list[dict[int, int]] = [{} for _ in cuts]
    mend: list[tuple[int, int, int, Strip, int]] = []  # (line, cut, render, its strip, its x)
    for number, (region, clip, strips) in enumerate(self._get_renders(crop)):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips):
            if not is_rendered_line(y):
                continue
            line, owner = chops[y], owners[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            offsets = [cut - render_x for cut in final_cuts[1:]]
            for cut, piece in zip(final_cuts, strip.divide(offsets)):
                if line.get(cut) is None:  # front to back: the first piece of a cut wins
                    line[cut], owner[cut] = piece, number
            mend += [(y, render_x + at, number, strip, render_x) for at in halved(strip, offsets)]
    for y, cut, number, strip, render_x in mend:
        _join(chops[y], owners[y], cuts[y], cut, number, strip, render_x)
    return chops


def _join(line: dict[int, Strip | None], owner: dict[int, int], cut_set: list[int], cut: int,
          number: int, strip: Strip, render_x: int) -> None:
    """Join the pieces either side of `cut` into the left one when both are the same render's."""
    keys = cut_set[:-1]
    if cut not in keys:  # the screen's right edge: nothing after it to join
        return
    at = keys.index(cut)
    start = at - 1
    while start >= 0 and line.get(keys[start]) is _EMPTY and owner.get(keys[start]) == number:
        start -= 1  # the left piece was itself joined to the one before it
    if start < 0 or owner.get(keys[start]) != number or owner.get(cut) != number:
        return
    end = cut_set[at + 1]
    line[keys[start]] = strip.crop(keys[start] - render_x, end - render_x)
    line[cut] = _EMPTY


def install() -> None:
    Compositor._render_chops = _render_chops
