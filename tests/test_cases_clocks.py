"""Complaint clocks at their exact edges, and the policy file's validation."""

from __future__ import annotations

import pytest

from shiftboard.domain.clocks import ClockStatus as C
from shiftboard.domain.clocks import PolicyError, evaluate, parse_policy
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
    from shiftboard.services import InvalidFile
    from shiftboard.services_cases import load_policy, policy_path

    assert policy_path(store) == shipped("policy.toml")
    (store.root / "policy.toml").write_text(
        '[[complaints]]\nkind = "soft"\n[[complaints.clocks]]\nid = "first_response"\nfrom = "opened"\nwithin = 5\n',
        encoding="utf-8")
    assert load_policy(store).kinds["soft"][0].minutes == 5
    (store.root / "policy.toml").write_text('[[complaints]]\nkind = "soft"\n', encoding="utf-8")
    with pytest.raises(InvalidFile) as caught:
        load_policy(store)
    assert caught.value.problems[0].key == "policy.no_clocks"
