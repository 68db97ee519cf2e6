"""The team files the case desk works from: the clock policy (policy.toml) and the rules
table (rules.toml), the team's own copy in the data dir or else the shipped one."""

from __future__ import annotations

from pathlib import Path

from shiftboard.domain.cases.clocks import Policy, parse_policy
from shiftboard.domain.cases.rules import Rules, parse_rules
from shiftboard.services.shift import InvalidFile, parse_team_file
from shiftboard.store import Store
from shiftboard.store.shipped import shipped
from shiftboard.store.teamfiles import present

POLICY_FILE = "policy.toml"
RULES_FILE = "rules.toml"


class PolicyFileInvalid(InvalidFile):
    message = "error.policy_invalid"


class RulesFileInvalid(InvalidFile):
    message = "error.rules_invalid"


def team_or_shipped(store: Store, name: str) -> Path:
    """The team's own copy of `name` in the data dir, else the shipped one."""
    team = store.root / name
    return team if present(team) else shipped(name)


def policy_path(store: Store) -> Path:
    return team_or_shipped(store, POLICY_FILE)


def rules_path(store: Store) -> Path:
    return team_or_shipped(store, RULES_FILE)


def load_policy(store: Store) -> Policy:
    return parse_team_file(policy_path(store), store, parse_policy, PolicyFileInvalid)


def load_rules(store: Store) -> Rules:
    return parse_team_file(rules_path(store), store, parse_rules, RulesFileInvalid)
