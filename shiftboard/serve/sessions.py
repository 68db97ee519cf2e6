"""Signed-in browser sessions and the limit on failed sign-ins. In memory: a restarted server
signs everyone out, which is what a lead restarting it expects."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from shiftboard.clock import Clock

COOKIE = "shiftboard_session"
MAX_KEYS = 10_000


@dataclass(frozen=True)
class Session:
    token: str
    agent: str
    role: str
    expires: float  # seconds since the epoch, from the server's clock
    lang: str = ""  # the sign-in page's language: the app speaks it too

    @property
    def label(self) -> str:
        """How the audit trail names this session: never the secret token itself."""
        return f"web:{self.token[:8] or 'local'}"  # "local": served without accounts


class Sessions:
    """Random tokens (256 bits) → who signed in, until their expiry."""

    def __init__(self, clock: Clock, hours: float = 12.0) -> None:
        self.clock, self.seconds = clock, hours * 3600
        self._by_token: dict[str, Session] = {}

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def open(self, agent: str, role: str, lang: str = "") -> Session:
        session = Session(secrets.token_urlsafe(32), agent, role, self._now() + self.seconds, lang)
        self._by_token[session.token] = session
        return session

    def find(self, token: str | None) -> Session | None:
        """The live session of `token`; an expired one is forgotten."""
        session = self._by_token.get(token or "")
        if session is None:
            return None
        if session.expires <= self._now():
            del self._by_token[session.token]
            return None
        return session

    def close(self, token: str | None) -> None:
        self._by_token.pop(token or "", None)

    def remaining(self, session: Session) -> float:
        return max(0.0, session.expires - self._now())


class FailureLimit:
    """At most `limit` failed sign-ins a `window` (seconds) per key: a name, an address."""

    def __init__(self, clock: Clock, limit: int = 5, window: float = 60.0) -> None:
        self.clock, self.limit, self.window = clock, limit, window
        self._failures: dict[str, list[float]] = {}

    def _recent(self, key: str) -> list[float]:
        since = self.clock.now().timestamp() - self.window
        recent = [at for at in self._failures.get(key, ()) if at > since]
        if recent:
            self._failures[key] = recent
        else:
            self._failures.pop(key, None)
        return recent

    def blocked(self, *keys: str) -> bool:
        return any(len(self._recent(key)) >= self.limit for key in keys)

    def failed(self, *keys: str) -> None:
        now = self.clock.now().timestamp()
        if len(self._failures) > MAX_KEYS:  # names nobody tries again must not pile up
            for stale in list(self._failures):
                self._recent(stale)
        for key in keys:
            self._recent(key)
            self._failures.setdefault(key, []).append(now)
