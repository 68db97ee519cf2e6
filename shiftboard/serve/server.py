"""textual-serve's server with a sign-in in front of it.

textual-serve starts one app process per websocket; this subclass adds a sign-in page, a
session cookie, and a middleware that refuses every route but the sign-in to a request
without a live session (401, and no app process is started). The app process runs as the
signed-in account: its name goes on the command line this server builds, never from
anything the browser sends.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shlex
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from shiftboard.clock import Clock
from shiftboard.domain.team.accounts import active
from shiftboard.i18n import language, normalise
from shiftboard.sanitize import visible
from shiftboard.serve.pages import browser_language, signin_page
from shiftboard.serve.sessions import COOKIE, FailureLimit, Session, Sessions
from shiftboard.services.team import TeamService
from shiftboard.store import Store

log = logging.getLogger("shiftboard.serve")
OPEN_ROUTES = {"/signin", "/signout"}
#: Where a browser goes when its session ends, and what the sign-in page then says.
ENDED = {"expired": "serve.expired", "out": "serve.signed_out"}
#: Who a session is when the team has no accounts (served on localhost only).
NO_ACCOUNTS = Session("", "", "", float("inf"))


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    session_hours: float = 12.0
    public_url: str | None = None
    secure_cookie: bool = False  # behind a TLS proxy: the cookie goes over https only
    app_options: tuple[str, ...] = ()  # global options passed on to each app process (--lang, --now)
    default_agent: str = ""  # who the app runs as while the team has no accounts


class AgentAppService(AppService):
    """One app process, with who it serves (for the audit trail) in its environment."""

    def __init__(self, command: str, session_label: str, **kwargs) -> None:
        super().__init__(command, **kwargs)
        self.session_label = session_label

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["SHIFTBOARD_SESSION"] = self.session_label
        return environment


class TeamServer(Server):
    def __init__(self, store: Store, clock: Clock, options: ServeOptions) -> None:
        super().__init__(command="shiftboard", host=options.host, port=options.port,
                         title="shiftboard", public_url=options.public_url)
        self.store, self.options = store, options
        self.team = TeamService(store, clock)
        self.sessions = Sessions(clock, options.session_hours)
        self.failures = FailureLimit(clock)
        #: Each open websocket and its session's token: closed on sign-out and on shutdown.
        self._open: dict[web.WebSocketResponse, str] = {}

    def app_command(self, session: Session) -> str:
        """The app process's command line: this data dir, the signed-in (validated) name, the
        language of the page it signed in on."""
        words = [sys.executable, "-m", "shiftboard", "--data-dir", str(self.store.root),
                 *self.options.app_options, "--agent", session.agent or self.options.default_agent]
        if session.lang:
            words += ["--lang", session.lang]  # after the server's own --lang: the later one wins
        return shlex.join(words)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.require_session)
        app.router.add_get("/signin", self.show_signin)
        app.router.add_post("/signin", self.signin)
        app.router.add_post("/signout", self.signout)
        app.router.add_get("/signout", self.signout)  # the app's sign-out key opens it (SameSite=Strict)
        return app

    def session_of(self, request: web.Request) -> Session | None:
        if not self.store.accounts.exist():
            return NO_ACCOUNTS
        session = self.sessions.find(request.cookies.get(COOKIE))
        if session is not None and not active(self.store.accounts.get(session.agent)):
            self.sessions.close(session.token)  # disabled since signing in
            return None
        return session

    @web.middleware
    async def require_session(self, request: web.Request,
                              handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        if request.path in OPEN_ROUTES:
            return await handler(request)
        session = await asyncio.to_thread(self.session_of, request)
        if session is None:
            if request.path == "/" and request.method == "GET":
                raise web.HTTPSeeOther("/signin")
            raise web.HTTPUnauthorized(text="sign in first\n")
        if request.path == "/ws" and not same_origin(request):
            raise web.HTTPForbidden(text="cross-site websocket refused\n")
        request["session"] = session
        return await handler(request)

    async def show_signin(self, request: web.Request) -> web.Response:
        ended = next((key for flag, key in ENDED.items() if flag in request.query), None)
        response = page(signin_page(page_language(request), note_key=ended))
        if ended:  # the page may have come here before the sign-out's own answer cleared it
            response.del_cookie(COOKIE, path="/")
        return response

    async def signin(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
        lang = page_language(request, form.get("lang"))
        address = request.remote or "?"
        keys = (f"name:{name}", f"address:{address}")
        if self.failures.blocked(*keys):
            log.warning("sign-in refused (too many failures): name=%s address=%s", visible(name), address)
            return page(signin_page(lang, "serve.too_many", name), status=429)
        account = await asyncio.to_thread(self.team.verify, name, password)
        if account is None:
            self.failures.failed(*keys)
            log.warning("sign-in failed: name=%s address=%s", visible(name), address)
            return page(signin_page(lang, "serve.refused", name), status=401)
        session = self.sessions.open(account["id"], account["role"], lang)
        log.info("signed in: %s (%s) from %s as %s", session.agent, session.role, address, session.label)
        response = web.HTTPSeeOther("/")
        response.set_cookie(COOKIE, session.token, max_age=int(self.options.session_hours * 3600),
                            httponly=True, samesite="Strict", secure=self.options.secure_cookie, path="/")
        return response

    async def signout(self, request: web.Request) -> web.StreamResponse:
        """Forget the session, end its app processes (every tab), and clear the cookie. Another
        site's link cannot sign anyone out (the browser says where a navigation came from)."""
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            raise web.HTTPSeeOther("/")
        token = request.cookies.get(COOKIE)
        session = self.sessions.find(token)
        self.sessions.close(token)
        if token:
            await asyncio.gather(*(send_to_signin(socket, "out") for socket, owner in list(self._open.items())
                                   if owner == token), return_exceptions=True)
        if session is not None:
            log.info("signed out: %s (%s)", session.agent, session.label)
        response = web.HTTPSeeOther("/signin?out")
        response.del_cookie(COOKIE, path="/")
        return response

    async def handle_index(self, request: web.Request) -> web.Response:
        """textual-serve's page, its websocket address taken from the request (or --public-url)
        so that it works on any address the server answers on."""
        base = self.public_url if self.options.public_url else f"{request.scheme}://{request.host}"
        scheme = "wss" if base.startswith("https") else "ws"
        context = {"font_size": to_int(request.query.get("fontsize", "16"), 16),
                   "app_websocket_url": f"{scheme}:{base.split(':', 1)[1]}/ws",
                   "config": {"static": {"url": f"{base}/static/"}}, "application": {"name": self.title}}
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, with the app process for this session's agent, closed when
        the session expires."""
        session: Session = request["session"]
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        service = AgentAppService(self.app_command(session), session.label,
                                  write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                  close=websocket.close, download_manager=self.download_manager)
        await service.start(width, height)
        remaining = self.sessions.remaining(session) if session.token else None
        self._open[websocket] = session.token
        try:
            await asyncio.wait_for(self._process_messages(websocket, service), remaining)
        except TimeoutError:  # the session ended: the page goes back to the sign-in
            self.sessions.close(session.token)
            await send_to_signin(websocket, "expired")
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            self._open.pop(websocket, None)
            await service.stop()
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"shiftboard: {self.public_url}")

    async def on_shutdown(self, app: web.Application) -> None:
        """Stopping (SIGTERM, ctrl+c): close every session's socket, which ends its app
        process (it saves what was typed on the way out), instead of waiting a minute for
        the browsers to leave."""
        await asyncio.gather(*(socket.close(code=WSCloseCode.GOING_AWAY) for socket in list(self._open)),
                             return_exceptions=True)


async def send_to_signin(websocket: web.WebSocketResponse, why: str) -> None:
    """Tell the page's script to open the sign-in page (textual-serve's "open_url"), then close."""
    try:
        await websocket.send_str(json.dumps(["open_url", {"url": f"/signin?{why}", "new_tab": False}]))
    except ConnectionError:
        pass  # the browser left already
    await websocket.close()


def page_language(request: web.Request, chosen: object = None) -> str:
    """The language picked on the page (the switch, the form), else the browser's, else ours."""
    return (normalise(str(chosen or request.query.get("lang") or "")) or
            browser_language(request.headers.get("Accept-Language")) or language())


def same_origin(request: web.Request) -> bool:
    """A websocket opened by our own page: its Origin is the host it talks to."""
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc == request.host


def page(html: str, status: int = 200) -> web.Response:
    response = web.Response(text=html, status=status, content_type="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    return response
