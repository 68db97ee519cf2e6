"""The reply library and the phrase check, driven by keys as an agent would (80×24, Chinese)."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Label, OptionList, Static, TextArea

from shiftboard import i18n
from shiftboard.config import Settings
from shiftboard.services.replies import ReplyService
from shiftboard.tui.replies.placeholder_form import PlaceholderForm
from shiftboard.tui.replies.screen import ReplyLibrary
from shiftboard.tui.replies.check import ReplyCheck
from tests.waiting import until

SIZE = (80, 24)


class Host(App):
    """A bare app that opens one modal, as the dashboard will, and keeps its answer."""

    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.answer: object = "not dismissed"

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.answered)

    def answered(self, value: object) -> None:
        self.answer = value


def service_for(store, clock, lang: str) -> ReplyService:
    i18n.set_language(lang)
    shop, agent = ("星河旗舰店", "小李") if lang == "zh-CN" else ("Star River", "Li")
    settings = Settings(data_dir=store.root, agent=agent, lang=lang, timezone="Asia/Shanghai", shop=shop)
    return ReplyService(store, settings, clock)


@pytest.fixture
def zh(store, clock) -> ReplyService:
    return service_for(store, clock, "zh-CN")


@pytest.fixture
def en(store, clock) -> ReplyService:
    return service_for(store, clock, "en")


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press(char)
    await settle(pilot)


def highlighted(app) -> str:
    return app.screen.query_one("#results", OptionList).highlighted_option.id


async def test_pinyin_initials_then_enter_copies_the_filled_greeting(zh, store):
    app = Host(lambda: ReplyLibrary(zh, {"buyer": "王女士"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "hy")
        assert highlighted(app) == "greeting-welcome"
        await pilot.press("enter")
        await settle(pilot)
    expected = "早上好，欢迎光临星河旗舰店！我是客服小李，很高兴为您服务，请问有什么可以帮您的吗？"
    assert app.clipboard == expected and app.answer == expected
    assert store.reply_usage.live.get("greeting-welcome")["count"] == 1


async def test_chinese_typed_into_the_search_and_arrows_choose(zh):
    app = Host(lambda: ReplyLibrary(zh))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "退款")
        assert highlighted(app) == "after-sales-refund-timing"
        await pilot.press("down")
        assert highlighted(app) == "after-sales-return-steps"
        preview = str(app.screen.query_one("#preview", Static).render())
        assert "申请退货后请在订单里填写退货快递单号" in preview
        await pilot.press("escape")
    assert app.answer is None and app.clipboard == ""


async def test_missing_placeholders_are_asked_and_an_empty_one_is_never_copied(zh, store):
    app = Host(lambda: ReplyLibrary(zh, {"buyer": "王女士"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "cjhhf")  # 查件后回复
        assert str(app.screen.query_one("#needs", Label).render()) == "需要填写：订单号、天数"
        await pilot.press("enter")
        assert isinstance(app.screen, PlaceholderForm)
        await pilot.press("enter")  # both still empty: refused, and told which
        assert str(app.screen.query_one("#error", Label).render()) == "还没填：订单号、天数"
        await type_text(pilot, "2026112301")
        await pilot.press("enter")  # on to the next empty field
        assert app.screen.focused.id == "field-days"
        await type_text(pilot, "3")
        await pilot.press("enter")
        await settle(pilot)
    assert app.clipboard == "亲，我刚联系了快递公司，您的包裹（订单 2026112301）正在派送途中，预计 3 天内送达，有新消息我会第一时间告诉您。"
    assert app.answer == app.clipboard
    assert store.reply_usage.live.get("logistics-tracking")["count"] == 1


async def test_leaving_the_form_copies_nothing(zh, store):
    app = Host(lambda: ReplyLibrary(zh))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "cjhhf")
        await pilot.press("enter")
        await pilot.press("escape")
        assert isinstance(app.screen, ReplyLibrary)
        await pilot.press("escape")
        await settle(pilot)
    assert app.clipboard == "" and app.answer is None
    assert store.reply_usage.live.get("logistics-tracking") is None


async def test_english_words_find_and_the_case_fills_the_buyer(en):
    app = Host(lambda: ReplyLibrary(en, {"buyer": "Ms Wang", "order_no": "A-1001"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "haggle regular")
        assert highlighted(app) == "bargain-returning"
        await pilot.press("enter")
        await settle(pilot)
    assert app.clipboard.startswith("Thank you for always supporting us, Ms Wang!")


async def test_nothing_found_says_so(en):
    app = Host(lambda: ReplyLibrary(en))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "xyzzy")
        assert str(app.screen.query_one("#preview", Static).render()) == 'Nothing matches "xyzzy"'
        await pilot.press("enter")
        assert isinstance(app.screen, ReplyLibrary) and app.clipboard == ""


async def test_a_broken_team_file_closes_the_library_with_the_error(zh, store):
    (store.root / "replies.toml").write_text("[categories\n", encoding="utf-8")
    app = Host(lambda: ReplyLibrary(zh))
    async with app.run_test(size=SIZE) as pilot:
        # the loading worker goes with its screen, so wait for the answer
        await until(pilot, lambda: app.answer is None, what="the library to close")
        await until(pilot, lambda: any("replies.toml" in str(n.message) for n in app._notifications), what="the toast")


async def test_phrase_check_flags_as_you_type_and_copies_only_on_purpose(zh):
    app = Host(lambda: ReplyCheck(zh, "亲，您好"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        findings = app.screen.query_one("#findings", Static)
        assert str(findings.render()) == "✓ 没有发现服务忌语。"
        area = app.screen.query_one("#draft", TextArea)
        area.move_cursor(area.document.end)
        area.insert("，这是 规定！")  # pasted
        await pilot.pause()
        shown = str(findings.render())
        assert "发现 1 处服务忌语" in shown and "不顶撞、反驳、说教" in shown and "建议改为：非常理解您的心情" in shown
        await type_text(pilot, "你自己看着办")  # typed: a second hit
        assert "发现 2 处服务忌语" in str(findings.render())
        await pilot.press("ctrl+s")
        assert app.clipboard == ""  # a draft with a hit is copied only on a second press
        await pilot.press("ctrl+s")
    assert app.clipboard == app.answer == "亲，您好，这是 规定！你自己看着办"


async def test_clean_draft_copies_at_once(en):
    app = Host(lambda: ReplyCheck(en, "Thanks for waiting, it ships today."))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
    assert app.answer == "Thanks for waiting, it ships today."


def test_snapshot_library_in_chinese(zh, snap_compare):
    """The library at 80×24 in Chinese after typing "kj": the bargaining scripts, first highlighted."""

    async def search(pilot):
        await settle(pilot)
        await type_text(pilot, "kj")

    assert snap_compare(Host(lambda: ReplyLibrary(zh, {"buyer": "王女士"})), terminal_size=SIZE, run_before=search)


def test_snapshot_library_in_english(en, snap_compare):
    """The library at 80×24 in English after typing "track": the tracking reply, {days} marked empty."""

    async def search(pilot):
        await settle(pilot)
        await type_text(pilot, "track")

    assert snap_compare(Host(lambda: ReplyLibrary(en)), terminal_size=SIZE, run_before=search)


def test_snapshot_phrase_check_in_chinese(zh, snap_compare):
    """Two lines of draft; three hits shown in context with their rules and better wordings."""
    draft = "亲，这是 规定！你找快递去吧。\n有问题你去投诉吧。"
    assert snap_compare(Host(lambda: ReplyCheck(zh, draft)), terminal_size=SIZE)


def test_snapshot_phrase_check_in_english(en, snap_compare):
    """One hit: "not my problem", with its rule and suggestion."""
    assert snap_compare(Host(lambda: ReplyCheck(en, "Sorry, that's not my problem.")), terminal_size=SIZE)


TEAM = '''\
[greetings]
morning = "早"
default = "好"
[categories]
greeting = "问候"
[[scripts]]
id = "team-hi"
category = "greeting"
title = "团队欢迎语"
text = "{greeting}！"
'''


async def test_an_edit_saved_while_open_shows_up_and_a_broken_one_is_reported_once(zh, store):
    app = Host(lambda: ReplyLibrary(zh))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (store.root / "replies.toml").write_text(TEAM, encoding="utf-8")
        await type_text(pilot, "t")
        assert highlighted(app) == "team-hi"
        (store.root / "replies.toml").write_text(TEAM.replace('"问候"', '""'), encoding="utf-8")
        await type_text(pilot, "d")
        await pilot.press("backspace")
        await settle(pilot)
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1 and "replies.toml" in warnings[0].message
        assert highlighted(app) == "team-hi"  # the last good scripts stay in use
