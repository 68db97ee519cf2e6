"""The served app in a real browser: headless Chromium driven by Playwright.

Marked `browser` (run them alone with `pytest -m browser`). .ci/run installs Chromium and
Playwright's package when missing, so on CI they run rather than skip."""

from __future__ import annotations

import pytest

from shiftboard.clock import FixedClock
from shiftboard.store import Store
from tests.browser import CHROMIUM_ARGS, Terminal, chromium_path
from tests.conftest import at
from tests.serving import add_account, served

pytestmark = pytest.mark.browser
NOW = "2026-11-23 08:45"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def team_dir(tmp_path):
    data = tmp_path / "data"
    add_account(data, "Li", "lead")
    add_account(data, "Wangwu", "agent", by="Li")
    (data / "config.toml").write_text('lang = "en"\ntimezone = "Asia/Shanghai"\n', encoding="utf-8")
    return data


@pytest.fixture
def server(team_dir):
    with served(team_dir, "--now", NOW) as base:
        yield base


def terminal(browser, locale: str = "en-US") -> Terminal:
    """A page of its own (its own cookies); `locale` sets the browser's Accept-Language."""
    context = browser.new_context(viewport={"width": 1200, "height": 700}, locale=locale)
    return Terminal(context.new_page())


def done_by(data_dir, item: str) -> str | None:
    """Who the store says ticked `item` today."""
    store = Store(data_dir, FixedClock(at(NOW)), create=False)
    for run in store.runs.live.read():
        mark = run.get("items", {}).get(item)
        if mark and mark.get("state") == "done":
            return mark.get("by")
    return None


def test_sign_in_see_the_dashboard_tick_and_find_it_in_the_store(browser, server, team_dir):
    li = terminal(browser)
    li.sign_in(server, "Li")
    li.page.wait_for_url(f"{server}/")
    li.wait_for("agent: Li")
    li.wait_for("Checklist 0/6")
    mark = li.press("Space")
    li.wait_for("1/6 Overnight", since=mark)  # the shift panel redraws its row whole
    assert done_by(team_dir, "overnight.returns") == "Li"


def test_a_wrong_password_is_refused(browser, server):
    page = terminal(browser).page
    page.goto(f"{server}/")
    assert page.url == f"{server}/signin"
    page.fill("#name", "Li")
    page.fill("#password", "not-the-password")
    page.click("#signin")
    assert "not accepted" in page.inner_text("#problem")
    assert page.url == f"{server}/signin"
    assert not any(c["name"] == "shiftboard_session" for c in page.context.cookies())


def test_a_websocket_without_a_cookie_is_refused(browser, server):
    page = terminal(browser).page
    page.goto(f"{server}/signin")
    outcome = page.evaluate("""url => new Promise(done => {
        const socket = new WebSocket(url);
        socket.onopen = () => done("open");
        socket.onerror = () => done("refused");
    })""", server.replace("http", "ws") + "/ws")
    assert outcome == "refused"


def test_two_agents_at_once_see_each_others_change(browser, server, team_dir):
    li, wang = terminal(browser), terminal(browser)
    li.sign_in(server, "Li")
    wang.sign_in(server, "Wangwu")
    li.wait_for("Checklist 0/6")
    wang.wait_for("agent: Wangwu")
    wang.wait_for("Checklist 0/6")
    assert "Wangwu" not in li.text()
    mark = len(li.frames)
    wang.press("Space")
    li.wait_for("Wangwu", since=mark)  # the checklist row: who ticked it, and when
    assert done_by(team_dir, "overnight.returns") == "Wangwu"


def test_the_sign_in_page_speaks_the_browsers_language_and_switches(browser, server):
    page = terminal(browser, locale="zh-CN").page
    page.goto(f"{server}/")
    assert page.inner_text("#signin") == "登录" and page.get_attribute("html", "lang") == "zh-CN"
    page.click("#lang-en")
    assert page.inner_text("#signin") == "Sign in"
    english = terminal(browser, locale="en-US").page
    english.goto(f"{server}/signin")
    assert english.inner_text("#signin") == "Sign in"


def test_signed_in_in_chinese_the_app_speaks_chinese(browser, server):
    wang = terminal(browser, locale="zh-CN")
    wang.sign_in(server, "Wangwu")
    wang.wait_for("值班：Wangwu")


def test_the_sign_out_key_ends_the_session_and_returns_to_sign_in(browser, server):
    li = terminal(browser)
    li.sign_in(server, "Li")
    li.wait_for("Sign out")  # the footer shows it
    li.press("Control+o")
    li.page.wait_for_url(f"{server}/signin?out")
    assert li.page.inner_text("#note") == "Signed out."
    assert not any(c["name"] == "shiftboard_session" for c in li.page.context.cookies())
    li.page.goto(f"{server}/")
    assert li.page.url == f"{server}/signin"


def test_an_expired_session_closes_the_app_and_goes_back_to_sign_in(browser, team_dir):
    with served(team_dir, "--now", NOW, "--session-hours", "0.004") as base:  # ~14 s
        li = terminal(browser)
        li.sign_in(base, "Li")
        li.wait_for("Checklist 0/6")
        li.page.wait_for_url(f"{base}/signin?expired", timeout=60_000)
        assert li.page.inner_text("#note") == "Your session has ended: sign in again."
        li.page.goto(f"{base}/")
        assert li.page.url == f"{base}/signin"  # the cookie is no good any more
