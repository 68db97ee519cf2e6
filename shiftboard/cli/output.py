"""Everything the CLI prints goes out through here, past the sanitiser: a note, a buyer's name
or an agent's name holding ESC, OSC or a bidi override is shown spelled out, never executed by
the terminal (`shiftboard.sanitize`)."""

from __future__ import annotations

import click

from shiftboard.sanitize import json_text, visible


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    click.echo(visible(text, multiline=True), err=err, nl=nl)


def echo_json(data: object) -> None:
    click.echo(json_text(data, indent=2))
