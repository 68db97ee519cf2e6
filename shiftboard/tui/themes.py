"""The themes an agent may choose (Textual's own and ours), and the one we add: high contrast,
for a bright office, a tired eye or a weak screen — pure black and white, with yellow and
cyan for what needs the eye, and state never told by a colour alone (see `toggles`)."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="shiftboard-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#333333",
    success="#00FF66",
    warning="#FFFF00",
    error="#FF4040",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)
