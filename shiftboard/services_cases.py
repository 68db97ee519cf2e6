"""Use cases of the case desk (so far: the team's complaint-clock policy)."""

from __future__ import annotations

from pathlib import Path

from shiftboard.domain.clocks import Policy, parse_policy
from shiftboard.services import InvalidFile, parse_team_file
from shiftboard.store import Store
from shiftboard.store.shipped import shipped

POLICY_FILE = "policy.toml"


class PolicyFileInvalid(InvalidFile):
    message = "error.policy_invalid"


def policy_path(store: Store) -> Path:
    """The team's own policy.toml in the data dir, else the shipped one."""
    team = store.root / POLICY_FILE
    return team if team.exists() else shipped(POLICY_FILE)


def load_policy(store: Store) -> Policy:
    return parse_team_file(policy_path(store), store, parse_policy, PolicyFileInvalid)
