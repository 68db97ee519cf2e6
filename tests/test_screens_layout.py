"""How screens lay text out at 80 columns: Chinese rows wrap under their text, the key bar
fits the width and keeps its help key."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.text import Text

from shiftboard.render.wrap import breaks, hang
from shiftboard.tui.dashboard.checklist import Checklist
from shiftboard.tui.keybar import KeyBar
from tests.test_snapshots import demo_app, loaded
from tests.waiting import settle, until

LONG_ZH = "○ 跟进物流查询：致电快递，记下工号，回复买家，写订单备注"


def test_a_chinese_row_breaks_between_characters_not_after_its_bullet():
    lines = hang(Text(LONG_ZH), 30).plain.split("\n")
    assert lines[0].startswith("○ 跟进") and cell_len(lines[0]) <= 30
    assert all(line.startswith("  ") and cell_len(line) <= 30 for line in lines[1:])
    assert lines[0] + "".join(line.strip() for line in lines[1:]) == LONG_ZH


def test_a_closing_mark_never_opens_a_line():
    # 18 cells fill exactly before "，": the character before it moves down with it.
    plain = "○ 一二三四五六七八，九十"
    for width in range(8, 24):
        assert all(not line.strip().startswith(("，", "。", "）")) for line in hang(Text(plain), width).plain.split("\n"))
    assert breaks(plain, 18, 2) == [9]


def test_english_breaks_at_spaces_and_who_and_when_stay_together():
    row = hang(Text("✓ Handle yesterday's return and exchange requests"), 52, 2, Text("  Li 08:45"))
    assert row.plain == "✓ Handle yesterday's return and exchange requests\n  Li 08:45"
    assert hang(Text("✓ Short"), 52, 2, Text("  Li 08:45")).plain == "✓ Short  Li 08:45"


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_checklist_rows_at_80_columns_start_with_their_sign(tmp_path, lang):
    app = demo_app(tmp_path, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        checklist = app.screen.query_one(Checklist)
        width = checklist.scrollable_content_region.width
        options = [checklist.get_option_at_index(i) for i in range(checklist.option_count)]
        for prompt in [str(o.prompt) for o in options if not o.disabled]:  # headings have no sign
            first, *rest = prompt.split("\n")
            assert len(first.strip()) > 2, f"a lone sign: {prompt!r}"
            assert all(cell_len(line) <= width for line in [first, *rest]), prompt
            assert all(line.startswith("  ") for line in rest)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_key_bar_fits_80_columns_and_keeps_help(tmp_path, lang):
    app = demo_app(tmp_path, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for key in ("", "c"):
            if key:
                await pilot.press(key)
                await settle(pilot)
            bar = app.screen.query_one(KeyBar)
            drawn = str(bar.render())
            assert cell_len(drawn.rstrip()) <= 80
            assert "F1/?" in drawn
        await pilot.resize_terminal(40, 24)
        await until(pilot, lambda: bar.size.width == 40)
        narrow = bar.fitted(40)
        assert [k.action for k in narrow][-1] == "help" and sum(k.cells for k in narrow) <= 40


async def test_clicking_a_key_in_the_bar_presses_it(tmp_path):
    app = demo_app(tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(KeyBar)
        bar.render()
        start = next(s for s, _e, key in bar._spans if key == "c")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await until(pilot, lambda: type(app.screen).__name__ == "CaseDesk", what="the desk")


async def test_the_desk_shows_the_columns_its_width_has_room_for(tmp_path):
    app = demo_app(tmp_path, "zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        await until(pilot, lambda: type(app.screen).__name__ == "CaseDesk", what="the desk")
        await settle(pilot)
        table = app.screen.query_one("DataTable")
        names = lambda: [column.key.value for column in table.columns.values()]  # noqa: E731
        assert names() == ["due", "kind", "buyer", "status", "order_no"]
        assert table.row_count and all(len(table.get_row_at(i)) == 5 for i in range(table.row_count))
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= 78  # no sideways scroll
        await pilot.resize_terminal(130, 30)
        await until(pilot, lambda: len(names()) == 8, what="every column at 130 columns")
        assert table.row_count and len(table.get_row_at(0)) == 8


async def test_f1_opens_help_on_every_screen(tmp_path):
    walks = [(), ("c",), ("c", "enter"), ("c", "R"), ("c", "p"), ("c", "v"), ("c", "i"), ("H",), ("R",), ("K",)]
    app = demo_app(tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for keys in walks:
            while len(app.screen_stack) > 1:
                app.pop_screen()
                await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            under = type(app.screen).__name__
            await pilot.press("f1")
            await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", what=f"help over {under}")
            await pilot.press("escape")
            await until(pilot, lambda u=under: type(app.screen).__name__ == u, what=f"back to {under}")


LONG_TOAST = "处理前天售后还剩10分钟结束，还有3项未完成：打印快递单、把订单送到仓库、跟进物流查询"


@pytest.mark.parametrize("shift", range(4))
async def test_a_chinese_toast_over_the_dashboard_keeps_every_character(tmp_path, shift):
    """Textual halves a wide character where the toast lies over a widget's edge (#6357):
    shifted by 0–3 cells, some character of this text always sits on one of those edges."""
    app = demo_app(tmp_path, "zh-CN")
    message = "x" * shift + LONG_TOAST
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(pilot)
        app.notify(message, timeout=60)
        await until(pilot, lambda: app.query("Toast"), what="the toast")
        await settle(pilot)
        toast = app.query_one("Toast").region
        lines = app.screen._compositor.render_strips()[toast.y:toast.bottom]
        shown = "".join(line.crop(toast.x, toast.right).text.strip("▌ ") for line in lines)
        assert shown == message
