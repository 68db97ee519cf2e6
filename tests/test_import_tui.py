"""The Import screen driven by keys: preview, confirm, a refused file that writes nothing."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from shiftboard.tui.desk.screen import CaseDesk
from shiftboard.tui.importing.screen import ImportScreen
from tests.import_files import row, write_csv
from tests.test_cases_gaps_tui import wait_until
from tests.test_desk_tui import data, make, open_desk, text_of  # noqa: F401
from tests.test_handover_tui import settle


def rows(app) -> list[tuple[str, str]]:
    table = app.screen.query_one(DataTable)
    return [(str(table.get_row_at(n)[0]), str(table.get_row_at(n)[1])) for n in range(table.row_count)]


async def open_import(pilot, path) -> None:
    await open_desk(pilot, "i")
    assert isinstance(pilot.app.screen, ImportScreen)
    pilot.app.screen.query_one("#import-file", Input).value = str(path)
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.screen.query_one(DataTable).row_count > 0)


async def test_preview_then_confirm_imports_and_the_desk_shows_the_cases(make, tmp_path):
    path = write_csv(tmp_path / "x.csv", [row("300000000001"), row("300000000002", item="裤子", state="退款关闭")],
                     "gbk", title="退款导出")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_import(pilot, path)
        assert rows(app) == [("3", "new"), ("4", "new")]
        head = text_of(app, "#import-head")
        assert "GB18030, mapping taobao, header on row 2" in head and "ctrl+s imports" in head
        assert app.cases.search("300000000001") == []  # a preview writes nothing
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "every row written" in text_of(app, "#import-head"))
        assert [r["status"] for r in app.cases.search("300000000002")] == ["closed"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseDesk)


async def test_a_file_with_a_refused_row_cannot_be_confirmed(make, tmp_path):
    path = write_csv(tmp_path / "x.csv", [row("300000000001"), row("300000000002", order="2.02611E+17")])
    app = make(lang="zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_import(pilot, path)
        assert rows(app) == [("2", "新建"), ("3", "拒绝")]
        assert "1 行被拒绝" in text_of(app, "#import-head")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.cases.search("300000000001") == []


async def test_a_file_that_is_not_an_export_says_what_it_found(make, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("name,phone\nWang,123\n", encoding="utf-8")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(pilot, "i")
        app.screen.query_one("#import-file", Input).value = str(path)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Headers found: name, phone" in text_of(app, "#import-head"))
