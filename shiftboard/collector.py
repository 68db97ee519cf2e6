"""The garbage collector's pause at start-up, and its resumption (see `startup`).

Its own module so that the CLI and the app can resume collection without importing `startup`,
which imports them.
"""

from __future__ import annotations

import gc


#: Python's young generations as they are; the oldest walked a tenth as often. Opening a
#: screen makes enough objects to set off a full collection each time (60-130 ms with a
#: year's caches alive): at a key press, where the agent waits for it. What the app keeps is
#: long-lived; what it drops is freed by reference counting, cycles by the young generations.
THRESHOLDS = (700, 10, 100)


def pause_collection() -> None:
    gc.disable()


def resume_collection() -> None:
    """Start collecting again. Does nothing unless start-up paused it (tests, library use)."""
    if not gc.isenabled():
        gc.freeze()
        gc.set_threshold(*THRESHOLDS)
        gc.enable()


def keep_long_lived() -> None:
    """Move what is alive now out of the collector's sight, for good: called once large data
    that lives as long as the process has loaded (pypinyin's dictionaries: ~200k objects). Left
    in the oldest generation, each full collection walked them all, a 100 ms pause at a random
    key press."""
    gc.freeze()
