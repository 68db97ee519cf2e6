"""The sign-in in front of textual-serve: cookie, refusals, rate limit, localhost by default."""

from __future__ import annotations

import aiohttp
import pytest

from shiftboard.clock import FixedClock
from shiftboard.serve.sessions import FailureLimit, Sessions
from tests.conftest import at
from tests.serving import add_account, served, shiftboard


def test_failure_limit_per_key_and_window():
    clock = FixedClock(at("2026-11-23 08:45"))
    limit = FailureLimit(clock, limit=5, window=60)
    for _ in range(5):
        assert not limit.blocked("name:Li", "address:1")
        limit.failed("name:Li", "address:1")
    assert limit.blocked("name:Li") and limit.blocked("address:1") and not limit.blocked("name:Wang")
    clock.advance(seconds=61)
    assert not limit.blocked("name:Li", "address:1")


def test_sessions_expire_and_close():
    clock = FixedClock(at("2026-11-23 08:45"))
    sessions = Sessions(clock, hours=12)
    session = sessions.open("Li", "lead")
    assert sessions.find(session.token) == session and len(session.token) >= 40
    assert sessions.find("guess") is None and sessions.find(None) is None
    clock.advance(hours=11, minutes=59)
    assert sessions.find(session.token) is not None
    clock.advance(minutes=2)
    assert sessions.find(session.token) is None
    other = sessions.open("Wang", "agent")
    sessions.close(other.token)
    assert sessions.find(other.token) is None


@pytest.fixture
def team_dir(tmp_path):
    data = tmp_path / "data"
    add_account(data, "Li", "lead")
    return data


async def sign_in(http: aiohttp.ClientSession, base: str, name: str, password: str) -> aiohttp.ClientResponse:
    return await http.post(f"{base}/signin", data={"name": name, "password": password}, allow_redirects=False)


async def test_routes_refuse_without_a_session_and_open_with_one(team_dir):
    with served(team_dir) as base:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            first = await http.get(f"{base}/", allow_redirects=False)
            assert first.status == 303 and first.headers["Location"] == "/signin"
            for path in ("/ws", "/static/js/textual.js", "/download/x"):
                assert (await http.get(f"{base}{path}")).status == 401, path
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(f"{base}/ws", origin=base)
            assert refused.value.status == 401
            assert (await sign_in(http, base, "Li", "wrong-one")).status == 401
            good = await sign_in(http, base, "Li", "password9")
            assert good.status == 303
            cookie = good.headers["Set-Cookie"]
            assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=43200" in cookie
            page = await http.get(f"{base}/", allow_redirects=False)
            assert page.status == 200 and "/ws" in await page.text()
            with pytest.raises(aiohttp.WSServerHandshakeError) as cross_site:
                await http.ws_connect(f"{base}/ws", origin="http://evil.example")
            assert cross_site.value.status == 403


async def test_failed_sign_ins_are_limited_and_logged(team_dir):
    with served(team_dir) as base:
        async with aiohttp.ClientSession() as http:
            statuses = [(await sign_in(http, base, "Li", f"guess{n}")).status for n in range(6)]
            assert statuses == [401] * 5 + [429]
            # the right password too waits out the minute: guessing gains nothing
            assert (await sign_in(http, base, "Li", "password9")).status == 429
    log = next(team_dir.parent.glob("serve-*.log")).read_text()
    assert log.count("sign-in failed: name=Li") == 5 and "too many failures" in log


async def test_a_forged_cookie_is_refused_and_the_page_speaks_chinese(team_dir):
    with served(team_dir, "--lang", "zh") as base:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar, cookies={"shiftboard_session": "x" * 43}) as http:
            refused = await http.get(f"{base}/ws")
            assert refused.status == 401 and "shiftboard_session" in refused.request_info.headers["Cookie"]
            page = await (await http.get(f"{base}/signin")).text()
            assert "登录" in page and 'lang="zh-CN"' in page


def test_other_addresses_need_an_account_first(tmp_path):
    refused = shiftboard(tmp_path / "data", "serve", "--host", "0.0.0.0", "--port", "1")
    assert refused.returncode == 2 and "add an account first" in refused.stderr


def test_the_page_follows_the_browsers_language():
    from shiftboard.serve.pages import browser_language

    assert browser_language("zh-CN,zh;q=0.9,en;q=0.8") == "zh-CN"
    assert browser_language("en-US,en;q=0.9,zh-CN;q=0.8") == "en"
    assert browser_language("fr-FR, zh-TW;q=0.5, en;q=0.7") == "en"
    assert browser_language("de, fr;q=0.5") is None and browser_language(None) is None


async def test_sign_in_page_in_the_browsers_language_with_a_switch(team_dir):
    with served(team_dir, "--lang", "en") as base:
        async with aiohttp.ClientSession() as http:
            chinese = await (await http.get(f"{base}/signin", headers={"Accept-Language": "zh-CN,zh;q=0.9"})).text()
            assert 'lang="zh-CN"' in chinese and "账号" in chinese and 'href="/signin?lang=en"' in chinese
            english = await (await http.get(f"{base}/signin", headers={"Accept-Language": "en-GB"})).text()
            assert 'lang="en"' in english and "Password" in english
            switched = await (await http.get(f"{base}/signin?lang=en", headers={"Accept-Language": "zh"})).text()
            assert "Password" in switched
            refused = await http.post(f"{base}/signin", data={"name": "Li", "password": "nope1234", "lang": "zh-CN"},
                                      headers={"Accept-Language": "en"})
            # the language picked on the page stays
            assert refused.status == 401 and "账号或密码不正确" in await refused.text()


async def test_signing_out_forgets_the_session_and_clears_the_cookie(team_dir):
    with served(team_dir) as base:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            await sign_in(http, base, "Li", "password9")
            token = next(c.value for c in http.cookie_jar if c.key == "shiftboard_session")
            assert (await http.get(f"{base}/", allow_redirects=False)).status == 200
            elsewhere = await http.get(f"{base}/signout", allow_redirects=False,
                                       headers={"Sec-Fetch-Site": "cross-site"})
            assert elsewhere.headers["Location"] == "/" and "Set-Cookie" not in elsewhere.headers
            assert (await http.get(f"{base}/", allow_redirects=False)).status == 200  # still signed in
            out = await http.get(f"{base}/signout", allow_redirects=False)
            assert out.status == 303 and out.headers["Location"] == "/signin?out"
            assert "shiftboard_session=\"\"" in out.headers["Set-Cookie"]
            note = await (await http.get(f"{base}/signin?out", headers={"Accept-Language": "en"})).text()
            assert "Signed out." in note
        # the old cookie, kept by someone, is no good on the server either
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                         cookies={"shiftboard_session": token}) as thief:
            assert (await thief.get(f"{base}/", allow_redirects=False)).headers["Location"] == "/signin"
