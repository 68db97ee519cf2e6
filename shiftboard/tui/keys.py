"""Key tables whose descriptions follow the language.

Textual reads a node's bindings from its class; ours are rebuilt per instance from these
specs so the footer, the help screen and the command palette all speak the current language.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from shiftboard.i18n import t


class Key(NamedTuple):
    keys: str  # Textual key names, comma-separated
    action: str
    label: str  # catalogue key of the description
    display: str | None = None  # how the key is written in the footer and help
    show: bool = True  # in the footer (all keys are in help and the palette)
    priority: bool = False


#: F1 on screens where `?` would be typed into a field.
HELP_KEY = Key("f1", "help", "keys.help", display="F1")


def localize(node: DOMNode, specs: tuple[Key, ...]) -> None:
    """Give `node` bindings built from `specs` in the current language, on top of those its
    classes declare (a Screen's tab / shift+tab move between fields)."""
    ours = BindingsMap(
        [Binding(k.keys, k.action, t(k.label), show=k.show, key_display=k.display,
                 priority=k.priority) for k in specs]
    )
    node._bindings = BindingsMap.merge([node._merge_bindings(), ours])
    node.key_specs = specs  # the command palette lists them too
    if node.is_mounted:  # before mounting, the footer reads them on its first compose
        node.refresh_bindings()


class KeyedScreen:
    """Mixed into a Screen whose keys come from a Key table (given to `localize`): `L` and
    F1 / `?` work the same on every such screen; HELP_NOTES is the catalogue key of the
    notes its help shows under the keys."""

    HELP_NOTES = "help.states"

    def action_language(self) -> None:
        self.app.switch_language()

    def action_help(self) -> None:
        from shiftboard.tui.help import HelpScreen

        self.app.push_screen(HelpScreen(self.key_specs, self.HELP_NOTES))


def shown_key(spec: Key) -> str:
    return spec.display or spec.keys.split(",")[0]
