"""Storage: TinyDB behind a small interface, made safe for a team sharing one data dir."""

from shiftboard.store.collection import Collection
from shiftboard.store.store import Store

__all__ = ["Collection", "Store"]
