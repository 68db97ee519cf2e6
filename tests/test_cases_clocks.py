"""Complaint clocks at their exact edges, and the policy file's validation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shiftboard.domain.cases.clocks import ClockStatus as C
from shiftboard.domain.cases.clocks import PolicyError, evaluate, parse_policy
from shiftboard.store.shipped import shipped
from tests.conftest import at

POLICY = parse_policy(shipped("policy.toml").read_text(encoding="utf-8"))
OPENED = at("2026-11-23 10:00")


def statuses(kind, now, events=None, done=None):
    found = evaluate(POLICY, kind, events or {"opened": OPENED}, done or {}, at(now))
    return {d.rule.id: d.status for d in found}


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-11-23 10:07:29", C.RUNNING),   # 15-min span: at risk for its last 7.5 min
    ("2026-11-23 10:07:30", C.AT_RISK),
    ("2026-11-23 10:14:59", C.AT_RISK),
    ("2026-11-23 10:15:00", C.BREACHED),
])
def test_soft_first_response_edges(now, expected):
    assert statuses("soft", now)["first_response"] is expected


def test_hard_complaint_clocks_and_their_anchors():
    found = statuses("hard", "2026-11-23 10:50")
    assert found == {"first_response": C.AT_RISK, "second_response": C.RUNNING,
                     "final_date": C.WAITING, "follow_up_call": C.WAITING}
    handled = {"opened": OPENED, "handled": at("2026-11-24 09:00")}
    later = statuses("hard", "2026-11-25 08:49:59", handled)
    assert later["follow_up_call"] is C.RUNNING
    assert statuses("hard", "2026-11-25 08:50", handled)["follow_up_call"] is C.AT_RISK
    assert statuses("hard", "2026-11-25 09:00", handled)["follow_up_call"] is C.BREACHED


def test_met_on_time_or_late():
    done = {"first_response": at("2026-11-23 10:15"), "verified": at("2026-11-23 10:31")}
    assert statuses("soft", "2026-11-23 11:00", done=done) == {"first_response": C.MET, "verified": C.MET_LATE}


def test_promised_callback_is_due_at_the_promised_time():
    events = {"opened": OPENED, "promised": at("2026-11-23 15:00")}
    assert statuses("callback", "2026-11-23 14:49:59", events)["callback"] is C.RUNNING
    assert statuses("callback", "2026-11-23 14:50", events)["callback"] is C.AT_RISK
    assert statuses("callback", "2026-11-23 15:00", events)["callback"] is C.BREACHED


def test_repair_and_quality_spans():
    assert statuses("repair", "2026-11-26 10:00")["answered"] is C.BREACHED  # 72 h
    assert statuses("quality", "2026-11-26 09:49:59")["closed"] is C.RUNNING
    assert statuses("quality", "2026-11-26 10:00")["closed"] is C.BREACHED  # 3 days


def test_a_quality_complaints_first_response_is_due_at_once():
    # at risk from the moment it is opened (no 15 quiet minutes), breached once its grace is gone
    assert statuses("quality", "2026-11-23 10:00")["first_response"] is C.AT_RISK
    assert statuses("quality", "2026-11-23 10:09:59")["first_response"] is C.AT_RISK
    assert statuses("quality", "2026-11-23 10:10")["first_response"] is C.BREACHED


def test_at_once_takes_no_within():
    text = ('[[complaints]]\nkind = "quality"\n[[complaints.clocks]]\nid = "first_response"\n'
            'from = "opened"\nat_once = true\nwithin = 15\n')
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    assert [(p.line, p.key) for p in caught.value.problems] == [(6, "policy.bad_at_once")]


def test_policy_problems_are_reported_at_their_lines():
    text = ("at_risk_minutes = 0\n"
            "[[complaints]]\nkind = \"angry\"\n"
            "[[complaints.clocks]]\nid = \"a\"\nfrom = \"lunch\"\nwithin = -5\ncolour = 1\n")
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    assert [(p.line, p.key) for p in caught.value.problems] == [
        (1, "policy.bad_minutes"), (3, "policy.bad_kind"), (6, "policy.bad_anchor"),
        (7, "policy.bad_minutes"), (8, "check.unknown_key"), ]


def test_a_team_policy_replaces_the_shipped_one_and_is_checked(store):
    from shiftboard.services.shift import InvalidFile
    from shiftboard.services.case_files import load_policy, policy_path

    assert policy_path(store) == shipped("policy.toml")
    (store.root / "policy.toml").write_text(
        '[[complaints]]\nkind = "soft"\n[[complaints.clocks]]\nid = "first_response"\nfrom = "opened"\nwithin = 5\n',
        encoding="utf-8")
    assert load_policy(store).kinds["soft"][0].minutes == 5
    (store.root / "policy.toml").write_text('[[complaints]]\nkind = "soft"\n', encoding="utf-8")
    with pytest.raises(InvalidFile) as caught:
        load_policy(store)
    assert caught.value.problems[0].key == "policy.no_clocks"


def test_a_clock_may_set_its_own_at_risk_window():
    policy = parse_policy('[[complaints]]\nkind = "soft"\n[[complaints.clocks]]\nid = "first_response"\n'
                          'from = "opened"\nwithin = 15\nat_risk = 2\n')
    found = [evaluate(policy, "soft", {"opened": OPENED}, {}, at(now))[0].status
             for now in ("2026-11-23 10:12:59", "2026-11-23 10:13", "2026-11-23 10:15")]
    assert found == [C.RUNNING, C.AT_RISK, C.BREACHED]


def test_the_policy_carries_the_reminder_window_and_review_compensation():
    assert (POLICY.extend_confirm_hours, POLICY.compensation["middle"], POLICY.compensation["bad"]) == (
        48, Decimal("5.00"), Decimal("10.00"))


def test_every_problem_of_the_new_sections_at_its_line():
    text = ("schema = 1\n"
            "[after_sales]\nextend_confirm_hours = 0\nsnooze = 1\n"
            "[reviews]\ncompensation_middle = -5\ncompensation_bad = \"ten\"\n"
            "[[complaints]]\nkind = \"soft\"\n"
            "[[complaints.clocks]]\nid = \"first_response\"\nfrom = \"opened\"\nwithin = 15\n"
            "[[complaints.clocks]]\nid = \"first_response\"\nfrom = \"opened\"\nwithin = 30\n"
            "[[complaints.clocks]]\nid = \"verified\"\nfrom = \"opened\"\nwithin = 30\nat_risk = -1\n")
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    assert [(p.line, p.key) for p in caught.value.problems] == [
        (3, "policy.bad_hours"), (4, "check.unknown_key"), (6, "policy.bad_amount"), (7, "policy.bad_amount"),
        (15, "check.duplicate_id"), (22, "policy.bad_minutes")]


def test_a_broken_policy_reads_as_file_line_message_in_check(tmp_path):
    import subprocess
    import sys

    (tmp_path / "policy.toml").write_text("at_risk_minutes = 0\n[[complaints]]\nkind = \"angry\"\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "shiftboard", "check", "--data-dir", str(tmp_path), "--lang", "en"],
                         capture_output=True, text=True, timeout=60)
    policy = str(tmp_path / "policy.toml")
    assert out.returncode == 2
    assert f"{policy}:1: at_risk_minutes = 0 must be a whole number" in out.stdout
    assert f'{policy}:3: unknown complaint kind "angry"' in out.stdout


def desk_deadlines(case, now):
    from shiftboard.domain.cases.desk import case_deadlines

    return {d.rule.id: d.status for d in case_deadlines(POLICY, case, at(now))}


def test_a_callback_promised_on_any_case_runs_a_clock():
    case = {"kind": "review", "status": "open", "events": {"opened": "2026-11-23T10:00:00+08:00",
                                                            "promised": "2026-11-23T15:00:00+08:00"}}
    assert desk_deadlines(case, "2026-11-23 14:49:59") == {"callback": C.RUNNING}
    assert desk_deadlines(case, "2026-11-23 15:00") == {"callback": C.BREACHED}
    met = {**case, "clocks_met": {"callback": "2026-11-23T14:55:00+08:00"}}
    assert desk_deadlines(met, "2026-11-23 16:00") == {"callback": C.MET}
    assert desk_deadlines({**case, "status": "revised"}, "2026-11-23 16:00") == {}  # closed: no clocks


def test_the_auto_confirm_reminder_is_a_clock_at_risk_for_its_last_48_hours():
    case = {"kind": "after_sales", "status": "awaiting_return", "confirm_by": "2026-11-25T10:00:00+08:00"}
    assert desk_deadlines(case, "2026-11-23 09:59:59") == {"extend_confirm": C.RUNNING}
    assert desk_deadlines(case, "2026-11-23 10:00") == {"extend_confirm": C.AT_RISK}
    assert desk_deadlines(case, "2026-11-25 10:00") == {"extend_confirm": C.BREACHED}


def test_a_policy_or_rules_file_of_another_schema_is_refused_at_its_line():
    """Every team-edited file opens the same way (`problems.open_document`): syntax, keys, schema."""
    from shiftboard.domain.cases.rules import RulesError, parse_rules

    for parse, error, name in ((parse_policy, PolicyError, "policy.toml"), (parse_rules, RulesError, "rules.toml")):
        text = shipped(name).read_text(encoding="utf-8").replace("schema = 1", "schema = 2")
        with pytest.raises(error) as raised:
            parse(text)
        line = text.splitlines().index("schema = 2") + 1
        assert [(p.line, p.key) for p in raised.value.problems] == [(line, "check.schema")]
