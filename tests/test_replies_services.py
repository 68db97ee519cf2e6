"""The reply service: team files win over shipped ones, reload on change, usage is counted."""

from __future__ import annotations

import os

import pytest

from shiftboard.config import Settings
from shiftboard.domain.replies.library import UnfilledPlaceholders
from shiftboard.services.replies import ReplyFileInvalid, ReplyService, check_reply_files, reply_sources
from shiftboard.store.shipped import shipped

TEAM = '''\
[greetings]
morning = "早"
default = "好"

[categories]
greeting = "问候"

[[scripts]]
id = "hi"
category = "greeting"
title = "团队欢迎语"
text = "{greeting}，{buyer}，欢迎来到{shop}"
'''


@pytest.fixture
def settings(store) -> Settings:
    return Settings(data_dir=store.root, agent="小李", lang="zh-CN", timezone="Asia/Shanghai", shop="星河旗舰店")


@pytest.fixture
def replies(store, settings, clock) -> ReplyService:
    return ReplyService(store, settings, clock)


def write(store, name: str, text: str) -> None:
    path = store.root / name
    path.write_text(text, encoding="utf-8")
    stat = path.stat()  # a second write within one clock tick must still look changed
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_shipped_files_by_language_until_the_team_has_its_own(store, settings, replies):
    assert reply_sources(settings, store).replies == shipped("replies.zh-CN.toml")
    assert replies.search("hy")[0].script.id == "greeting-welcome"
    write(store, "replies.toml", TEAM)
    assert reply_sources(settings, store).replies == store.root / "replies.toml"
    assert [h.script.id for h in replies.search("")] == ["hi"]


def test_context_fills_greeting_shop_and_agent_and_a_case_overrides(replies, clock):
    assert replies.context() == {"greeting": "早上好", "shop": "星河旗舰店", "agent": "小李"}
    assert replies.context({"buyer": "王女士", "shop": "", "order_no": None})["buyer"] == "王女士"
    clock.advance(hours=4)
    assert replies.context({"shop": "二店"})["greeting"] == "您好"
    assert replies.context({"shop": "二店"})["shop"] == "二店"


def test_use_fills_counts_and_ranks_the_most_used_first(store, replies):
    script = replies.library().script("bargain-gift-instead")
    assert replies.use(script, replies.context()).startswith("亲，让您久等了")
    replies.use(script, replies.context())
    assert store.reply_usage.live.get("bargain-gift-instead")["count"] == 2
    assert store.reply_usage.live.get("bargain-gift-instead")["by"] == "小李"
    assert replies.search("kj")[0].script.id == "bargain-gift-instead"


def test_use_refuses_unfilled_placeholders_and_counts_nothing(store, replies):
    script = replies.library().script("logistics-tracking")
    assert replies.missing(script, replies.context()) == ["order_no", "days"]
    with pytest.raises(UnfilledPlaceholders):
        replies.use(script, replies.context({"order_no": "2026112301"}))
    assert store.reply_usage.live.get("logistics-tracking") is None


def test_an_edit_on_disk_is_picked_up_and_a_broken_edit_keeps_the_last_good(store, replies):
    write(store, "replies.toml", TEAM)
    assert replies.library().script("hi").title == "团队欢迎语"
    write(store, "replies.toml", TEAM.replace("团队欢迎语", "新欢迎语"))
    assert replies.library().script("hi").title == "新欢迎语"
    write(store, "replies.toml", TEAM.replace('category = "greeting"', 'category = "x"'))
    assert replies.library().script("hi").title == "新欢迎语"
    assert isinstance(replies.problem, ReplyFileInvalid) and replies.problem.problems[0].line == 10
    write(store, "replies.toml", TEAM)
    assert replies.library().script("hi").title == "团队欢迎语" and replies.problem is None


def test_a_broken_team_file_on_first_load_is_an_error(store, replies):
    write(store, "forbidden.toml", "[rules]\n")
    with pytest.raises(ReplyFileInvalid) as error:
        replies.check("这是规定")
    assert error.value.path == store.root / "forbidden.toml"


def test_greeting_periods_change_the_words_and_add_their_notice(store, replies, clock):
    write(store, "greetings.toml", '[[periods]]\nstart = "2026-11-20"\nend = "2026-11-30"\n'
          'greeting = "双十一辛苦啦"\ntitle = "发货延迟通知"\nnotice = "亲，{shop}大促期间发货会晚一到两天。"\n')
    assert replies.greeting() == "双十一辛苦啦"
    notice = replies.search("fhyc")[0].script
    assert notice.title == "发货延迟通知"
    assert replies.use(notice, replies.context()) == "亲，星河旗舰店大促期间发货会晚一到两天。"
    clock.advance(days=10)
    assert replies.greeting() == "早上好" and replies.library().script("greeting-period") is None


def test_check_reports_every_file_in_use(store, settings):
    assert [(p.name, problems) for p, problems in check_reply_files(settings, store)] == [
        ("replies.zh-CN.toml", []), ("forbidden.zh-CN.toml", [])]
    write(store, "greetings.toml", '[[periods]]\nstart = "2026-13-01"\nend = "2026-12-01"\ngreeting = "x"\n')
    results = dict(check_reply_files(settings, store))
    assert [(p.line, p.key) for p in results[store.root / "greetings.toml"]] == [(2, "check.bad_date")]


def test_check_finds_phrases_in_a_draft(replies):
    assert [m.text for m in replies.check("亲，这是规定。你找快递去吧")] == ["这是规定", "你找快递去"]
