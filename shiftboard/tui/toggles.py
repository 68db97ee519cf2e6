"""Radio buttons and checkboxes whose state shows without colour.

Textual draws every radio as ● and every checkbox as X and tells on from off by colour alone:
a monochrome terminal, a colour-blind agent or a screen reader cannot tell. These draw the
state itself: ◉ / ○ and ✓ / a blank.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class StateRadioButton(RadioButton):
    """A radio button drawn ◉ when chosen, ○ when not."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the glyph
        return "◉" if self.value else "○"


class StateCheckbox(Checkbox):
    """A checkbox drawn ✓ when ticked, blank when not."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the glyph
        return "✓" if self.value else " "
