"""Accounts of a team: names, roles and the rules for passwords. Pure: no hashing, no files."""

from __future__ import annotations

import enum
import unicodedata

#: The longest name an account may have (it shows in columns beside cases and runs).
MAX_NAME = 32
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 takes any length; a megabyte typed into a form is an attack


class Role(enum.StrEnum):
    """DOMAIN §6: agent, senior agent, team lead / supervisor (lowest first)."""

    AGENT = "agent"
    SENIOR = "senior"
    LEAD = "lead"


ROLES = tuple(role.value for role in Role)
#: Who approves what waits for approval (and whose own moves need none).
APPROVER = Role.LEAD.value


def name_problem(name: str) -> str | None:
    """A message key when `name` cannot be an account name, else None.

    Letters (Chinese too), digits, `.`, `_` and `-` only: a name travels on the app's command
    line, in cookies and in logs, and must look the same everywhere.
    """
    if not name or len(name) > MAX_NAME:
        return "team.bad_name_length"
    for char in name:
        if char in "._-" or char.isalnum() and unicodedata.category(char)[0] in "LN":
            continue
        return "team.bad_name_char"
    return None


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return "team.password_short"
    if len(password) > MAX_PASSWORD:
        return "team.password_long"
    return None


def account_problem(record: dict) -> str | None:
    """Why a stored account cannot be used (None: it can); see domain/records.py."""
    if not isinstance(record.get("id"), str) or name_problem(record["id"]):
        return "name missing or not a valid name"
    if record.get("role") not in ROLES:
        return "role missing or unknown"
    if not isinstance(record.get("hash"), str) or not record["hash"].startswith("$argon2"):
        return "password hash missing"
    return None


def active(record: dict | None) -> bool:
    return record is not None and not record.get("disabled", False)
