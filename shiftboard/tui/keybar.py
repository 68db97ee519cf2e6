"""The key bar at the bottom of every screen: one line of text instead of Textual's Footer.

Textual's Footer is a widget per key and recomposes them all whenever the bindings change
(each focus move), which was most of the time a screen took to open. This bar draws the same
keys as one line, and fits them to the width: keys that do not fit are left out from the
end, the help key always stays (help and the palette list every key).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget

#: The action whose key is never left out: it leads to all the others.
HELP = "help"
GAP = 1


class Shown(NamedTuple):
    key: str
    display: str
    description: str
    action: str
    enabled: bool

    @property
    def cells(self) -> int:
        """Its width on screen: " key " then the description, then the gap."""
        return cell_len(self.display) + 2 + cell_len(self.description) + GAP


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key { color: $footer-key-foreground; text-style: bold; }
        .keybar--description { color: $footer-description-foreground; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []  # (from, to, key) of what is drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, _screen) -> None:
        self.refresh()

    def shown(self) -> list[Shown]:
        """Each key shown in this bar, one per action, in the screen's order."""
        seen: dict[str, Shown] = {}
        for _node, binding, enabled, _tip in self.screen.active_bindings.values():
            if binding.show and binding.description and binding.action not in seen:
                seen[binding.action] = Shown(binding.key, self.app.get_key_display(binding),
                                             binding.description, binding.action, enabled)
        return list(seen.values())

    def fitted(self, width: int) -> list[Shown]:
        """The shown keys that fit in `width` cells: the last ones go first, never help."""
        keys = self.shown()
        used = sum(k.cells for k in keys)
        for key in [k for k in reversed(keys) if k.action != HELP]:
            if used <= width:
                break
            keys.remove(key)
            used -= key.cells
        return keys

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        line, self._spans = Text(no_wrap=True, overflow="crop"), []
        for shown in self.fitted(self.size.width):
            start = line.cell_len
            line.append(f" {shown.display} ", key_style)
            line.append(shown.description, description_style)
            if not shown.enabled:
                line.stylize("dim", start)
            self._spans.append((start, line.cell_len, shown.key))
            line.append(" " * GAP)
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return

