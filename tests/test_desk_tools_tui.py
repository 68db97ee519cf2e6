"""The rules helper and the return register, driven by keys as an agent would (80×24)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from shiftboard import i18n
from shiftboard.clock import FixedClock
from shiftboard.config import Settings
from shiftboard.domain.cases.model import CaseKind
from shiftboard.store import Store
from shiftboard.tui.app import create_app
from shiftboard.tui.modals import Choice, TextPrompt
from shiftboard.tui.desk.register import ReturnRegister
from shiftboard.tui.desk.rules_helper import RulesHelper
from tests.conftest import TZ, at
from tests.waiting import settle, until

SIZE = (80, 24)
NOW = "2026-11-23 16:10"


@pytest.fixture
def make(tmp_path):
    def build(lang: str = "en"):
        clock = FixedClock(at(NOW))
        settings = Settings(data_dir=tmp_path, agent="Li", lang=lang, timezone=TZ)
        return create_app(settings, clock, Store(tmp_path, clock))

    return build


async def opened(pilot, screen) -> None:
    await settle(pilot)
    pilot.app.push_screen(screen)
    await settle(pilot)


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def rows(app, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


# -- who pays the return postage ---------------------------------------------------------

async def test_the_postage_answer_follows_store_type_and_situation(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, RulesHelper())
        assert text(app, "#payers") == ("Exchange: the buyer pays the postage both ways\n"
                                        "Refund: the buyer pays the postage both ways")
        await pilot.press("tab", "down", "down")  # situation: quality problem
        assert text(app, "#payers").count("the seller pays (the shipping insurance covers it)") == 2
        await pilot.press("shift+tab", "down")  # store type: Tmall
        assert text(app, "#payers").count("the seller pays the postage both ways") == 2
        await pilot.press("tab", "down")  # after the deal closed
        assert text(app, "#payers") == ("Exchange: the buyer pays the postage\nRefund: refund less 5.5% "
                                        "(5% platform + 0.5% points); 17% more if an issued invoice is not returned")
        table = app.screen.query_one("#postage_table", DataTable)
        assert table.cursor_row == 3
        assert rows(app, "#postage_table")[1] == ["free shipping", "buyer", "-outbound", "buyer", "seller"]
        assert rows(app, "#postage_table")[3][4] == "-5.5%"
        await pilot.press("escape")
        assert not isinstance(app.screen, RulesHelper)


async def test_the_rules_helper_speaks_chinese_and_follows_a_language_switch(make):
    app = make("zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, RulesHelper())
        assert text(app, "#payers") == "换货：买家承担来回运费\n退款：买家承担来回运费"
        assert rows(app, "#postage_table")[2][1:] == ["运费险", "运费险", "卖家来回", "卖家来回"]
        assert app.screen.active_bindings["ctrl+t"].binding.description == "换个问题"
        app.switch_language("en")
        await settle(pilot)
        assert text(app, "#payers").startswith("Exchange: the buyer pays the postage both ways")
        assert app.screen.query_one("#situation").get_option_at_index(2).prompt == "quality problem"
        assert app.screen.active_bindings["ctrl+t"].binding.description == "Other question"


# -- what cancelling costs -----------------------------------------------------------------

async def fill(pilot, field: str, value: str) -> None:
    """Go to a field and put `value` in it as if typed (typing every character of a date
    costs ~0.1 s a key in a Pilot test; the short values in the tests are typed key by key)."""
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = value
    await pilot.pause()


async def test_the_cancel_answer_changes_as_the_agent_types(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, RulesHelper())
        await pilot.press("ctrl+t")
        assert app.focused.id == "ordered"
        assert text(app, "#cancel_answer") == "To answer, fill in: Ordered at, Price"
        await pilot.press(*"10:00", "tab", *"199")
        assert text(app, "#cancel_answer") == "Free: the order is at most 48 h old."
        await fill(pilot, "ordered", "2026-11-21 16:00")
        assert text(app, "#cancel_answer") == "Allowed, but at least 19.90 of the price is kept (past 48 h)."
        await fill(pilot, "price", "19x")
        assert text(app, "#price_error") == "an amount like 59.90 (0 or more, two decimals at most)"
        assert text(app, "#cancel_answer") == ""
        await fill(pilot, "ordered", "yesterday-ish")
        assert text(app, "#ordered_error") == "a date and time like 2026-11-23 15:00, or 15:00 for today"
        await pilot.press("tab", "tab", "down")  # item: custom-made, whatever was typed
        assert text(app, "#cancel_answer") == "Custom-made items cannot be cancelled or returned."
        assert app.screen.query_one("#cancel_answer").has_class("refused")


async def test_received_goods_go_back_within_the_window_on_conditions(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, RulesHelper())
        await pilot.press("ctrl+t")
        received = app.screen.query_one("#received", Input)
        assert received.disabled  # not needed while the goods are not received
        app.screen.query_one("#delivery").focus()
        await pilot.press("down", "down")  # delivered
        assert not received.disabled
        assert text(app, "#cancel_answer") == "To answer, fill in: Received at"
        await pilot.press("tab")
        assert app.focused is received
        await fill(pilot, "received", "2026-11-20 12:00")
        assert text(app, "#cancel_answer") == ("Delivered: it can go back within 7 days (until 2026-11-27 12:00), if:\n"
                                               "  • the goods are intact\n  • the receipts come with them")
        await fill(pilot, "received", "2026-11-16 12:00")
        assert text(app, "#cancel_answer") == "Too late: the 7 days to send it back ended at 2026-11-23 12:00."


async def test_a_broken_rules_file_is_reported_and_nothing_is_answered(make, tmp_path):
    (tmp_path / "rules.toml").write_text("schema = 1\n[cancel]\nfree_hours = -4\n", encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, RulesHelper())
        assert "No answers: the rules file" in text(app, "#broken")
        await until(pilot, lambda: any("rules.toml" in str(n.message) for n in app._notifications), what="the toast")
        await pilot.press("tab", "down", "ctrl+t")  # keys do nothing harmful
        await pilot.press("escape")
        assert not isinstance(app.screen, RulesHelper)


# -- the return register -------------------------------------------------------------------

def parcel(app, when: str, store: str, item: str, quantity: int, move: str | None = None) -> None:
    app.clock.at = at(when)
    tracking_no = "SF" + "".join(c for c in when if c.isdigit())
    entry = app.cases.add(CaseKind.RETURN, {"store": store, "item": item, "quantity": str(quantity),
                                            "problem": "破损", "return_tracking_no": tracking_no})
    if move:
        app.cases.move(entry["id"], move, entry["version"])
    app.clock.at = at(NOW)


@pytest.fixture
def registered(make):
    app = make()
    parcel(app, "2026-11-23 10:00", "旗舰店", "T恤 白 L", 2, "restock")
    parcel(app, "2026-11-23 11:00", "旗舰店", "连衣裙 S", 1)
    parcel(app, "2026-11-22 15:00", "专卖店", "跑步鞋 41", 1, "write_off")
    parcel(app, "2026-11-10 09:00", "专卖店", "外套 M", 3, "restock")  # before the last week
    return app


async def test_the_register_shows_the_last_week_with_totals_per_day_and_store(registered):
    app = registered
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, ReturnRegister())
        assert text(app, "#heading") == "2026-11-17 → 2026-11-23 · all stores · 3 parcel(s) · page 1/1"
        entries = rows(app, "#entries")
        assert [(r[1], r[2], r[3], r[6]) for r in entries] == [
            ("专卖店", "跑步鞋 41", "1", "loss"), ("旗舰店", "T恤 白 L", "2", "restocked"),
            ("旗舰店", "连衣裙 S", "1", "received")]
        assert rows(app, "#totals") == [["11-22", "专卖店", "1", "1", "0", "1", "0"],
                                        ["11-23", "旗舰店", "2", "3", "2", "0", "1"],
                                        ["all", "", "3", "4", "2", "1", "1"]]
        await pilot.press("s")
        assert isinstance(app.screen, Choice)
        await pilot.press("down", "down", "enter")  # 旗舰店 (after "all stores" and 专卖店)
        await settle(pilot)
        assert "旗舰店 · 2 parcel(s)" in text(app, "#heading")
        assert rows(app, "#totals") == [["11-23", "旗舰店", "2", "3", "2", "0", "1"]]


async def ask_range(pilot, value: str) -> None:
    """`r`, the range prompt filled with `value`, Enter."""
    if not isinstance(pilot.app.screen, TextPrompt):
        await pilot.press("r")
    pilot.app.screen.query_one(Input).value = value
    await pilot.press("enter")
    await settle(pilot)


async def test_a_new_range_is_read_and_a_bad_one_keeps_the_last_good(registered):
    app = registered
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, ReturnRegister())
        await pilot.press("r")
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == "2026-11-17 2026-11-23"  # the range shown
        await ask_range(pilot, "2026-11-01 2026-11-15")
        assert text(app, "#heading").startswith("2026-11-01 → 2026-11-15 · all stores · 1 parcel(s)")
        assert [r[2] for r in rows(app, "#entries")] == ["外套 M"]
        await ask_range(pilot, "2026-11-30 2026-11-01")
        assert text(app, "#problem") == "from 2026-11-30 to 2026-11-01 is not a range of days (a year at most)"
        assert text(app, "#heading").startswith("2026-11-01 → 2026-11-15")
        assert [r[2] for r in rows(app, "#entries")] == ["外套 M"]
        await ask_range(pilot, "last week")
        assert text(app, "#problem") == "not a date: \"last\" (use YYYY-MM-DD)"
        await ask_range(pilot, "11-1 11-2 11-3")
        assert text(app, "#problem") == "\"11-1 11-2 11-3\" is not two days like 2026-11-17 2026-11-23"
        await ask_range(pilot, "2026-11-22")  # one day
        assert text(app, "#heading").startswith("2026-11-22 → 2026-11-22 · all stores · 1 parcel(s)")
        assert not app.screen.query_one("#problem").display


async def test_the_table_holds_one_page_at_a_time(make):
    app = make()
    for n in range(103):
        parcel(app, f"2026-11-23 {8 + n // 60:02d}:{n % 60:02d}", "旗舰店", f"item {n}", 1)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, ReturnRegister())
        assert app.screen.query_one("#entries", DataTable).row_count == 100
        assert text(app, "#heading").endswith("103 parcel(s) · page 1/2")
        await pilot.press("n")
        assert [r[2] for r in rows(app, "#entries")] == ["item 100", "item 101", "item 102"]
        await pilot.press("n")  # no page after the last
        assert text(app, "#heading").endswith("page 2/2")
        await pilot.press("p")
        assert app.screen.query_one("#entries", DataTable).row_count == 100


async def test_the_register_speaks_chinese_and_follows_a_language_switch(registered):
    app = registered
    i18n.set_language("zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, ReturnRegister())
        assert text(app, "#heading") == "2026-11-17 → 2026-11-23 · 全部店铺 · 3 件包裹 · 第 1/1 页"
        assert [r[6] for r in rows(app, "#entries")] == ["损耗", "已入库", "已收货"]
        assert app.screen.active_bindings["n"].binding.description == "下一页"
        app.switch_language("en")
        await settle(pilot)
        assert text(app, "#heading").startswith("2026-11-17 → 2026-11-23 · all stores")
        assert rows(app, "#totals")[-1][0] == "all"
        assert app.screen.active_bindings["n"].binding.description == "Next page"
