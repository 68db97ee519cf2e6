"""Where `shiftboard` and `python -m shiftboard` start: with the garbage collector paused,
and with the one part of pendulum we never use at start-up left unloaded until it is used.

Importing Textual, pendulum and our modules and building the first screen makes a few hundred
thousand objects that live as long as the process. Collecting while they are made frees
nothing, yet it cost ~40 ms before the dashboard's first screen (a full collection fell in the
middle of the first paint). Collection resumes once the first screen is drawn, or as soon as
a subcommand starts; what was built until then is frozen out of later full collections.
"""

from __future__ import annotations

import importlib.util
import sys

from shiftboard.collector import pause_collection

#: pendulum imports dateutil's parser (with six and dateutil.tz, ~5 ms) for one fallback:
#: text that is not ISO 8601, parsed with strict=False. Our stamps are ISO.
DEFERRED = ("dateutil.parser",)


def main() -> None:
    pause_collection()
    for name in DEFERRED:
        defer_import(name)
    from shiftboard.cli.main import main as cli

    cli()


def defer_import(name: str) -> None:
    """Register `name` so that it is executed on first use of one of its attributes, not when
    it is imported (the standard library's LazyLoader). A module already loaded, or not
    installed, is left alone."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    # `from package import module` looks for the attribute first; without it the import
    # system would touch the module and so load it at once.
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
