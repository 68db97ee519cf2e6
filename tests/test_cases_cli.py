"""`shiftboard cases …` and `shiftboard rules …` as scripts use them: exit codes, JSON, masks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

NOW = "2026-11-23 10:00"


@pytest.fixture
def run(tmp_path):
    def run(*args: str, now: str = NOW, lang: str = "en"):
        return subprocess.run([sys.executable, "-m", "shiftboard", *args, "--data-dir", str(tmp_path / "data"),
                               "--lang", lang, "--agent", "Li", "--now", now],
                              capture_output=True, text=True, timeout=60)
    return run


def add(run, *fields: str) -> dict:
    out = run("cases", "add", *fields, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_bad_input_exits_2_with_a_line_per_field(run):
    bad = run("cases", "add", "after_sales", "store=A", "order_no=12-34", "quantity=0")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "order_no (order no.): digits only (6–24)" in bad.stderr and "quantity: a whole number, 1 or more" in bad.stderr
    assert "item (item / model): required" in bad.stderr
    assert run("cases", "add", "after_sales", "store").returncode == 2  # not FIELD=VALUE
    assert run("cases", "list", "--kind", "parcel").returncode == 2


def test_add_list_move_show_with_masks_and_a_recorded_unmask(run):
    case = add(run, "after_sales", "store=A", "order_no=2026112300123", "item=T恤", "quantity=2",
               "problem=size", "buyer_phone=13812345678", "confirm_by=2026-11-24 09:00")
    assert case["buyer_phone"] == "138****5678"
    listed = json.loads(run("cases", "list", "--json").stdout)
    assert (listed["total"], listed["cases"][0]["id"], listed["cases"][0]["urgency"]) == (1, case["id"], "at_risk")
    assert listed["cases"][0]["buyer_phone"] == "138****5678"
    wrong = run("cases", "move", case["id"], "restock")
    assert wrong.returncode == 2 and "possible now: agree, reject, close" in wrong.stderr
    assert "awaiting return" in run("cases", "move", case["id"], "agree").stdout  # words, not state ids
    stale = run("cases", "move", case["id"], "close", "--version", "1")
    assert stale.returncode == 2 and "changed by Li at 10:00 since you opened it" in stale.stderr
    shown = json.loads(run("cases", "show", "2026112300123", "--json", "--unmask").stdout)
    assert shown[0]["id"] == case["id"] and shown[0]["period"] is None  # a search gives rows
    detail = json.loads(run("cases", "show", case["id"], "--json", "--unmask").stdout)
    assert detail["buyer_phone"] == "13812345678" and detail["moves"] == ["buyer_ships", "close"]
    assert detail["hints"] == ["case.hint.extend_confirm"]
    again = json.loads(run("cases", "show", case["id"], "--json").stdout)
    assert [e["what"] for e in again["timeline"]][-1] == "revealed" and again["buyer_phone"] == "138****5678"
    text = run("cases", "show", case["id"], lang="zh").stdout
    assert "等待买家退货" in text and "延长收货" in text
    assert run("cases", "show", "9999999999").returncode == 2


def test_search_reaches_a_month_already_archived(run):
    out = run("cases", "add", "logistics", "store=A", "order_no=2026100100001", "tracking_no=YT1234567890",
              "courier=圆通", "--json", now="2026-10-01 09:00")
    case = json.loads(out.stdout)
    assert run("cases", "move", case["id"], "reply", now="2026-10-01 10:00").returncode == 0
    assert run("cases", "move", case["id"], "close", now="2026-10-01 10:05").returncode == 0
    assert run("tick", "overnight.returns", now="2026-11-30 09:00").returncode == 0  # upkeep: a writing command
    found = json.loads(run("cases", "show", "yt1234567890", "--json", now="2026-11-30 09:00").stdout)
    assert [(r["id"], r["period"], r["status"]) for r in found] == [(case["id"], "2026-10", "closed")]
    refused = run("cases", "note", case["id"], "too late", now="2026-11-30 09:00")
    assert refused.returncode == 2 and "no open case" in refused.stderr


def test_register_due_and_note(run):
    entry = add(run, "return", "store=旗舰店", "item=T恤", "quantity=3", "problem=破损",
                "return_tracking_no=SF0001112223")
    run("cases", "move", entry["id"], "write_off")
    register = json.loads(run("cases", "register", "--json").stdout)
    assert register["totals"] == [{"day": "2026-11-23", "store": "旗舰店", "entries": 1, "quantity": 3,
                                   "restocked": 0, "loss": 3, "waiting": 0}]
    assert "no clock is running" in run("cases", "due").stdout
    add(run, "complaint", "store=A", "buyer=王", "complaint_kind=callback", "promised_at=10:30")
    due = json.loads(run("cases", "due", "--json").stdout)
    assert [d["deadlines"][0]["clock"] for d in due] == ["callback"]
    assert run("cases", "note", entry["id"], "box was wet").returncode == 0  # closed today: still on the desk
    assert "search index rebuilt: 2 case(s)" in run("cases", "reindex").stdout


def test_rules_from_the_command_line(run):
    out = run("rules", "postage", "--store", "c_store", "--situation", "quality")
    assert out.returncode == 0 and "Exchange: the seller pays (the shipping insurance covers it)" in out.stdout
    out = run("rules", "cancel", "--ordered", "2026-11-21 09:00", "--price", "abc")
    assert out.returncode == 2 and 'not a price: "abc"' in out.stderr
    out = run("rules", "cancel", "--ordered", "2026-11-18 09:00", "--price", "99", "--delivery", "self_pickup")
    assert "of the purchase date (until 2026-11-25 23:59)" in out.stdout and "the paid pickup slip" in out.stdout
    future = run("rules", "cancel", "--ordered", "2026-11-24 09:00", "--price", "99")
    assert future.returncode == 2 and "(--ordered) 2026-11-24 09:00 is later than now" in future.stderr
    late = run("rules", "cancel", "--ordered", "2026-11-01 09:00", "--price", "99", "--delivery", "delivered",
               "--received", "2026-11-10 12:00")
    assert "Too late" in late.stdout
