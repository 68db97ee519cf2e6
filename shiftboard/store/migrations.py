"""Schema versions of the data files and the code that moves a file from one to the next.

Every data file records its schema in its `_meta` table. Reading an older file migrates it
in memory; the next write stores the new shape (after the hourly backup kept the old one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

CURRENT_SCHEMA = 1

#: version N → function turning a schema-N document into schema N+1.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def migrate(raw: dict, found: int, steps: Mapping[int, Callable[[dict], dict]] | None = None,
            target: int = CURRENT_SCHEMA) -> dict:
    steps = MIGRATIONS if steps is None else steps
    for version in range(found, target):
        raw = steps[version](raw)
        raw.setdefault("_meta", {})["1"] = {"schema": version + 1}
    return raw


def _whole(record: dict) -> str | None:
    return None


class Schema(NamedTuple):
    """The schema files are written in, the steps that bring older files up to it, and what a
    record must look like to be served (`problem`: None, or why it is damaged).

    Passed down to the storage rather than read from module globals, so a collection can
    evolve on its own and tests can exercise the mechanism with a registry of their own.
    """

    current: int = CURRENT_SCHEMA
    steps: Mapping[int, Callable[[dict], dict]] = MIGRATIONS  # the registry itself, not a copy
    problem: Callable[[dict], str | None] = _whole

    def upgrade(self, raw: dict, found: int) -> dict:
        return migrate(raw, found, self.steps, self.current) if found < self.current else raw


SCHEMA = Schema()
