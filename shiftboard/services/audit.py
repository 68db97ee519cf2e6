"""Reading the audit trail: filtered by agent, record and date (the CLI and a lead's screen)."""

from __future__ import annotations

from datetime import date

from shiftboard.domain.team.audit import AuditFilter
from shiftboard.errors import ShiftboardError
from shiftboard.store import Store


def entries(store: Store, agent: str | None = None, record: str | None = None, since: str | None = None,
            until: str | None = None, limit: int | None = None) -> list[dict]:
    """Matching entries, oldest first (the newest `limit` of them, when given)."""
    from shiftboard.services.approvals import acting

    acting(store).require("audit.read")
    for value in (since, until):
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ShiftboardError("audit.bad_since", value=value) from None
    wanted = AuditFilter(agent=agent, record=record, since=since, until=until)
    found = [entry for entry in store.audit.read(since_month=(since or "")[:7]) if wanted.takes(entry)]
    return found[-limit:] if limit else found
