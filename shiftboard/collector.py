"""The garbage collector's pause at start-up, and its resumption (see `startup`).

Its own module so that the CLI and the app can resume collection without importing `startup`,
which imports them.
"""

from __future__ import annotations

import gc


def pause_collection() -> None:
    gc.disable()


def resume_collection() -> None:
    """Start collecting again. Does nothing unless start-up paused it (tests, library use)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
