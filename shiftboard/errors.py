"""Errors that carry a message key, never display text: the UI and CLI translate them."""

from __future__ import annotations


class ShiftboardError(Exception):
    """A problem the user can act on. `key` names a catalogue entry; `params` fill it."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # for logs and tracebacks, not for users
        return f"{self.key} {self.params}"
