"""The check where the words go out: copying a script and a case note marked as a reply. A
forbidden phrase shows its rule and a better wording; `enter` again goes ahead and is recorded."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Input, Static

from shiftboard.tui.desk.case import CaseScreen
from shiftboard.tui.replies.checked_prompt import CheckedPrompt
from shiftboard.tui.replies.screen import ReplyLibrary
from tests.test_desk_tui import data, make, open_case  # noqa: F401 (fixtures)
from tests.test_handover_tui import settle as settle_app  # the full app keeps its writer thread running
from tests.test_replies_tui import SIZE, Host, highlighted, settle, type_text, zh  # noqa: F401 (fixtures)
from tests.waiting import until

TEAM = '''\
[greetings]
morning = "早"
default = "好"
[categories]
greeting = "问候"
[[scripts]]
id = "team-why"
category = "greeting"
title = "解释原因"
text = "亲，{summary}，请您理解。"
'''


def body(app) -> str:
    """The case screen's text, on lines wide enough that nothing wraps."""
    console = Console(width=300, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one("#case-body", Static).content)
    return console.file.getvalue()


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_a_copied_script_with_a_forbidden_phrase_asks_once_then_copies_and_records(zh, store):
    (store.root / "replies.toml").write_text(TEAM, encoding="utf-8")
    app = Host(lambda: ReplyLibrary(zh))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "jsyy")
        assert highlighted(app) == "team-why"
        await pilot.press("enter")  # asks for {summary}
        await settle(pilot)
        app.screen.query_one(Input).value = "這是規定"  # typed in traditional script
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReplyLibrary) and app.answer == "not dismissed"
        assert "“亲，這是規定，请您理解。”——不顶撞、反驳、说教" in shown(app, "#preview")  # in context
        assert "建议改为：" in shown(app, "#preview")
        assert "回车：仍然复制" in shown(app, "#needs")
        await pilot.press("enter")  # copy anyway
        await settle(pilot)
    assert app.answer == app.clipboard == "亲，這是規定，请您理解。"
    record = store.reply_usage.live.get("team-why")
    assert (record["count"], record["flagged"], record["flagged_rules"]) == (1, 1, ["contradict"])


async def test_a_clean_copy_is_not_flagged(zh, store):
    app = Host(lambda: ReplyLibrary(zh, {"buyer": "王女士"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "hy")
        await pilot.press("enter")
        await settle(pilot)
    assert app.answer.startswith("早上好")
    assert "flagged" not in store.reply_usage.live.get("greeting-welcome")


async def test_the_checked_prompt_shows_hits_then_takes_the_text_on_a_second_enter(zh):
    app = Host(lambda: CheckedPrompt("回复", zh.check))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "您自己看着办吧")
        await pilot.press("enter")
        await settle(pilot)
        assert app.answer == "not dismissed"
        assert "不激怒、不推诿" in shown(app, "#findings")
        await pilot.press("enter")  # the same text again: taken, with what it breaks
        await settle(pilot)
    text, flagged = app.answer
    assert text == "您自己看着办吧" and [m.rule.id for m in flagged] == ["provoke"]


async def test_a_case_note_marked_as_a_reply_is_checked_and_the_override_recorded(make, data):
    app = make()
    _, ids = data
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case(pilot, ids["after_sales"])
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("r")
        await settle_app(pilot)
        app.screen.query_one(Input).value = "Not my problem, take it up with the courier."
        await pilot.press("enter")
        await settle_app(pilot)
        assert isinstance(app.screen, CheckedPrompt)
        assert "Don't provoke or pass the buck" in shown(app, "#findings")
        await pilot.press("enter")
        await settle_app(pilot)
        assert isinstance(app.screen, CaseScreen)
    note = app.cases.get(ids["after_sales"])["timeline"][-1]
    assert (note["what"], note["reply"], note["flagged"]) == ("note", True, ["provoke"])


@pytest.mark.parametrize(("lang", "said"), [("en", "⚑ kept despite forbidden phrases: Don't provoke or pass the buck"),
                                            ("zh-CN", "⚑ 触犯忌语仍保存：不激怒、不推诿")])
async def test_the_case_timeline_shows_a_reply_notes_flags_in_words(make, data, lang, said):
    app = make(lang=lang)
    _, ids = data
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(pilot, ids["after_sales"])
        assert said not in body(app)  # no note flagged yet
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, CheckedPrompt))
        app.screen.query_one(Input).value = "Not my problem, take it up with the courier."
        await pilot.press("enter")
        await until(pilot, lambda: bool(shown(app, "#findings").strip()), what="the phrase check's findings")
        await pilot.press("enter")  # keep it anyway
        await until(pilot, lambda: isinstance(app.screen, CaseScreen) and said in body(app),
                    what="the flag in the timeline")
        assert "provoke" not in body(app) or lang == "en"  # the rule's title, never its id
