"""Accounts: hashing, disabled accounts, bad input, the `team` commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from shiftboard.errors import ShiftboardError
from shiftboard.services.team import TeamService, account_at_terminal


@pytest.fixture
def team(store, clock) -> TeamService:
    return TeamService(store, clock, "admin")


def test_passwords_are_stored_as_argon2_hashes_only(team, store):
    team.add("Li", "lead", "correct horse")
    raw = store.accounts.path.read_text(encoding="utf-8")
    assert "correct horse" not in raw and "$argon2id$" in raw
    assert oct(os.stat(store.accounts.path).st_mode & 0o777) == "0o600"
    assert team.verify("Li", "correct horse")["role"] == "lead"
    assert team.verify("Li", "wrong horse!") is None
    assert team.verify("Nobody", "correct horse") is None
    assert [a["id"] for a in team.list()] == ["Li"] and "hash" not in team.list()[0]


def test_disabled_account_cannot_sign_in_or_work_at_a_terminal(team, store):
    team.add("Wang", "agent", "password9")
    team.add("Li", "lead", "password9")
    team.disable("Wang")
    assert team.verify("Wang", "password9") is None
    with pytest.raises(ShiftboardError) as refused:
        account_at_terminal(store, "Wang")
    assert refused.value.key == "team.not_an_account"
    assert account_at_terminal(store, "Li")["role"] == "lead"


def test_no_accounts_changes_nothing_at_a_terminal(store):
    assert account_at_terminal(store, "anyone") is None


def test_new_password_replaces_the_old(team):
    team.add("Li", "lead", "password9")
    team.passwd("Li", "another-one")
    assert team.verify("Li", "password9") is None and team.verify("Li", "another-one")


@pytest.mark.parametrize(("name", "role", "password", "key"), [
    ("", "agent", "password9", "team.bad_name_length"),
    ("a" * 33, "agent", "password9", "team.bad_name_length"),
    ("Li Ming", "agent", "password9", "team.bad_name_char"),
    ("Li;rm", "agent", "password9", "team.bad_name_char"),
    ("Li\x1b[2J", "agent", "password9", "team.bad_name_char"),
    ("Li", "boss", "password9", "team.bad_role"),
    ("Li", "agent", "short", "team.password_short"),
    ("Li", "agent", "x" * 2000, "team.password_long"),
])
def test_bad_input_is_refused_with_its_reason(team, name, role, password, key):
    with pytest.raises(ShiftboardError) as refused:
        team.add(name, role, password)
    assert refused.value.key == key


def test_chinese_names_and_duplicates(team):
    team.add("李明", "senior", "password9")
    with pytest.raises(ShiftboardError) as refused:
        team.add("李明", "agent", "password9")
    assert refused.value.key == "team.exists"
    with pytest.raises(ShiftboardError):
        team.passwd("nobody", "password9")


def test_a_damaged_account_is_skipped_not_trusted(team, store):
    team.add("Li", "lead", "password9")
    data = json.loads(store.accounts.path.read_text(encoding="utf-8"))
    data["records"]["1"]["role"] = "god"
    store.accounts.path.write_text(json.dumps(data), encoding="utf-8")
    assert team.verify("Li", "password9") is None


def sb(tmp_path, *args, input=None):
    env = {"SHIFTBOARD_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "shiftboard", *args], capture_output=True, text=True,
                          env=env, input=input, timeout=60)


def test_team_commands_round_trip(tmp_path):
    assert sb(tmp_path, "team", "list").stdout.startswith("no accounts yet")
    added = sb(tmp_path, "team", "add", "Li", "--role", "lead", "--password-stdin", input="password9\n")
    assert added.returncode == 0, added.stderr
    bad = sb(tmp_path, "--agent", "Li", "team", "add", "Wang", "--role", "agent", "--password-stdin", input="\n")
    assert bad.returncode == 2 and "no password" in bad.stderr
    nobody = sb(tmp_path, "team", "add", "Wang", "--role", "agent", "--password-stdin", input="password9\n")
    assert nobody.returncode == 2 and "not an enabled one" in nobody.stderr  # once there are accounts
    assert sb(tmp_path, "--agent", "Li", "team", "passwd", "Li", "--password-stdin",
              input="password10\n").returncode == 0
    assert sb(tmp_path, "--agent", "Li", "team", "disable", "Li").returncode == 0
    listed = json.loads(sb(tmp_path, "team", "list", "--json").stdout)
    assert listed == [{"name": "Li", "role": "lead", "disabled": True, "created_at": listed[0]["created_at"]}]
    zh = sb(tmp_path, "--lang", "zh", "team", "list").stdout
    assert "已停用" in zh and "组长" in zh and "lead" not in zh  # the role in words, as everywhere
