"""The CLI does what the case screen does, names cases as agents do, and refuses what would
only ever show nothing."""

from __future__ import annotations

import json

from tests.test_cases_cli import add, run  # noqa: F401  (run: the fixture)

FIELDS = ("after_sales", "store=A", "order_no=2026112300123456", "item=T恤", "quantity=1", "problem=size")


def show(run, case_id: str) -> dict:
    return json.loads(run("cases", "show", case_id, "--json").stdout)


def test_move_and_note_by_order_no_and_several_matches_are_listed(run):
    case = add(run, *FIELDS, "after_sales_no=300000000001")
    moved = run("cases", "move", "2026112300123456", "agree")
    assert moved.returncode == 0 and "awaiting return" in moved.stdout
    assert run("cases", "note", "300000000001", "buyer posts today").returncode == 0
    assert [e["what"] for e in show(run, case["id"])["timeline"]][-1] == "note"
    add(run, *FIELDS[:3], "item=裤子", "quantity=1", "problem=size")
    several = run("cases", "note", "2026112300123456", "which one?")
    assert several.returncode == 2 and "2 cases match" in several.stderr and case["id"] in several.stderr


def test_tracking_no_is_validated_on_the_command_line(run):
    add(run, *FIELDS)
    run("cases", "move", "2026112300123456", "agree")
    bad = run("cases", "move", "2026112300123456", "buyer_ships", "--tracking-no", "SF-12 34")
    assert bad.returncode == 2 and "not a tracking number" in bad.stderr
    good = run("cases", "move", "2026112300123456", "buyer_ships", "--tracking-no", "ＳＦ1234567890")
    assert good.returncode == 0


def test_edit_assign_contact_check_and_clock_done(run):
    review = add(run, "review", "store=A", "order_no=2026112300777777", "rating=bad", "review_text=slow",
                 "promised_at=11:00")
    assert run("cases", "edit", review["id"], "review_text=very slow").returncode == 0
    bad = run("cases", "edit", review["id"], "rating=awful")
    assert bad.returncode == 2 and "rating: one of: middle (middle review), bad (bad review)" in bad.stderr
    zh = run("cases", "edit", review["id"], "rating=awful", lang="zh")  # what each id means, in Chinese
    assert zh.returncode == 2 and "rating（评价）: 可选：middle（中评）, bad（差评）" in zh.stderr
    assert "handled by Wang" in run("cases", "assign", review["id"], "Wang").stdout
    said = run("cases", "contact", review["id"], "phone", "no_answer", "--note", "busy", lang="zh")
    assert said.returncode == 0 and "电话" in said.stdout
    assert "ticked order flag set to purple" in run("cases", "check", review["id"], "purple_flag").stdout
    done = run("cases", "clock-done", review["id"], "callback")
    assert done.returncode == 0, done.stderr
    case = show(run, review["id"])
    assert (case["review_text"], case["handler"], case["checks"]["purple_flag"]) == ("very slow", "Wang", True)
    assert [e["what"] for e in case["timeline"]][-4:] == ["assigned", "contact", "checked", "clock_met"]


def test_page_beyond_the_last_and_an_unknown_status_are_errors(run):
    add(run, *FIELDS)
    far = run("cases", "list", "--page", "999")
    assert far.returncode == 2 and "no page 999" in far.stderr
    odd = run("cases", "list", "--status", "shipped")
    assert odd.returncode == 2 and "awaiting_seller (awaiting seller)" in odd.stderr
    assert run("cases", "list", "--status", "awaiting_seller").returncode == 0
