"""Finding cases: by order, after-sales or tracking number or buyer, whole or in part, live
and archived alike; the return register by day; the search index behind them."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from shiftboard.domain.cases import desk
from shiftboard.domain.cases.desk import PAGE, RegisterTotal
from shiftboard.domain.cases.lookup import partial_lookups
from shiftboard.domain.cases.model import case_keys, register_key, search_key

if TYPE_CHECKING:
    from shiftboard.store import Store
    from shiftboard.store.partial import Progress


class CaseSearch:
    """Mixed into CaseService: the look-ups of the desk, the CLI and the import."""

    store: Store

    def search(self, text: str, limit: int = PAGE, partial: bool = False) -> list[dict]:
        """Rows of the cases whose order no., after-sales no., tracking no. or buyer is `text`,
        live and archived alike (each row has `period`: None while live). With `partial`, also
        those whose number ends with it (6+ characters), whose buyer's phone ends with it (4
        digits) or whose buyer's name holds it; exact matches first."""
        key = search_key(text)
        if not key:
            return []
        # The partial look-ups find the exact matches too (a number ends with itself, a name
        # holds itself), so the exact key is asked for on its own only when they found more
        # than a page, which may have left an older exact match out.
        from shiftboard.store.sharded import Lookup  # where the store takes it, imported with the store

        lookups = [Lookup((), functools.partial(p.matches, fold=search_key), p.pattern)
                   for p in partial_lookups(key)] if partial else []
        rows = self.store.cases.search(lookups, limit) if lookups else []
        if not lookups or len(rows) >= limit:
            exact = self.store.cases.find(key, limit)
            rows = [*exact, *(row for row in rows if row["id"] not in {r["id"] for r in exact})][:limit]
        return sorted(rows, key=lambda row: key not in case_keys(row))  # exact matches first, in order

    def register(self, first: str, last: str, store: str | None = None) -> tuple[list[dict], list[RegisterTotal]]:
        """The return register from day `first` to `last` (YYYY-MM-DD): its entries and totals
        per day and store."""
        found = [row for day in desk.days(first, last)
                 for row in self.store.cases.find(register_key(day), limit=10_000)
                 if store is None or row.get("store") == store]
        found.sort(key=lambda row: (row["created_at"], row.get("store", "")))
        return found, desk.register_totals(found)

    def partial_index_left(self) -> int:
        """How many parts of the case history (open cases, months) partial search has still
        to index, in a data dir made before its index existed (0: ready, or a store opened
        read-only, whose searches read those parts' records instead)."""
        return len(self.store.cases.partial.left()) if self.store.writable else 0

    def build_partial_index(self, progress: Progress | None = None) -> int:
        """Index those parts now (a search would, silently); `progress(done, total, part)`."""
        return self.store.cases.partial.catch_up(progress)

    def reindex(self) -> int:
        """Rebuild the search index from the case files; the number of cases indexed."""
        return self.store.cases.reindex()
