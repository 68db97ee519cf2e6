"""Where `shiftboard` and `python -m shiftboard` start: with the garbage collector paused.

Importing Textual, pendulum and our modules and building the first screen makes a few hundred
thousand objects that live as long as the process. Collecting while they are made frees
nothing, yet it cost ~40 ms before the dashboard's first screen (a full collection fell in the
middle of the first paint). Collection resumes once the first screen is drawn, or as soon as
a subcommand starts; what was built until then is frozen out of later full collections.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from shiftboard.cli import main as cli

    cli()


def resume_collection() -> None:
    """Start collecting again. Does nothing unless `main` paused it (tests, library use)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
