"""Use cases of the team: accounts (add, change a password, disable, list, sign in) and who
is at a terminal. Passwords are hashed with argon2id (argon2-cffi); only hashes are stored."""

from __future__ import annotations

import functools

from shiftboard.clock import Clock
from shiftboard.domain.team.accounts import ROLES, active, name_problem, password_problem
from shiftboard.errors import ShiftboardError
from shiftboard.store import Store


@functools.cache
def hasher():
    """argon2id with the library's current defaults; imported when a password is handled."""
    from argon2 import PasswordHasher

    return PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    return hasher().hash("not-a-password-anyone-has")


def _checked_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise ShiftboardError(problem)
    return password


class TeamService:
    """Accounts of the team whose data dir `store` opens; `actor` is who asks."""

    def __init__(self, store: Store, clock: Clock, actor: str = "") -> None:
        self.store, self.clock, self.actor = store, clock, actor

    def list(self) -> list[dict]:
        """Every account without its hash: name, role, disabled, created, changed."""
        return [{key: value for key, value in record.items() if key != "hash"}
                for record in self.store.accounts.all()]

    @staticmethod
    def check_new(name: str, role: str) -> None:
        """Refuse a bad name or role before anyone is asked for a password."""
        problem = name_problem(name)
        if problem:
            raise ShiftboardError(problem, name=name)
        if role not in ROLES:
            raise ShiftboardError("team.bad_role", role=role, allowed=", ".join(ROLES))

    def _admin(self) -> None:
        """Accounts are a lead's to manage once any exist (roles.toml: team.admin)."""
        from shiftboard.services.approvals import acting

        acting(self.store).require("team.admin")

    def add(self, name: str, role: str, password: str) -> dict:
        self.check_new(name, role)
        self._admin()
        digest = hasher().hash(_checked_password(password))
        now = self.clock.now().isoformat()

        def created(existing: dict | None) -> dict:
            if existing is not None:
                raise ShiftboardError("team.exists", name=name)
            return {"role": role, "hash": digest, "disabled": False, "created_at": now,
                    "created_by": self.actor, "updated_at": now}

        return self.store.accounts.update(name, created)

    def _change(self, name: str, change) -> dict:
        now = self.clock.now().isoformat()

        def changed(existing: dict | None) -> dict:
            if existing is None:
                raise ShiftboardError("team.unknown", name=name)
            return {**change(existing), "updated_at": now, "updated_by": self.actor}

        return self.store.accounts.update(name, changed)

    def passwd(self, name: str, password: str) -> dict:
        if name != self.actor:  # everyone may change their own
            self._admin()
        digest = hasher().hash(_checked_password(password))
        return self._change(name, lambda account: {**account, "hash": digest})

    def disable(self, name: str) -> dict:
        self._admin()
        return self._change(name, lambda account: {**account, "disabled": True})

    def verify(self, name: str, password: str) -> dict | None:
        """The enabled account `name` when `password` is its password, else None.

        An unknown name costs the same hash as a known one, so timing tells no names apart.
        """
        from argon2.exceptions import InvalidHashError, VerificationError

        account = self.store.accounts.get(name) if not name_problem(name) else None
        digest = account["hash"] if account else _dummy_hash()
        try:
            hasher().verify(digest, password[:4096])
        except (VerificationError, InvalidHashError):
            return None
        return account if active(account) else None


def account_at_terminal(store: Store, name: str) -> dict | None:
    """The account a terminal user acts as: None while the team has no accounts (nothing
    changes then); else the enabled account `name` (from --agent or the login name), or a
    refusal naming it."""
    if not store.accounts.exist():
        return None
    account = store.accounts.get(name)
    if not active(account):
        raise ShiftboardError("team.not_an_account", name=name)
    return account

