"""Driving a served shiftboard from headless Chromium (the distribution's package) with
Playwright, and reading what the terminal in the page shows from the websocket's frames.

xterm.js draws on a canvas, so the page's DOM holds no screen text; the frames the app sends
hold it all, with escape sequences between the words."""

from __future__ import annotations

import os
import re
import shutil
import time

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ESCAPES = re.compile(rb"\x1b(\[[0-9;?$]*[A-Za-z~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][A-Z0-9]|[=>78])")
TIMEOUT = 30.0


def chromium_path() -> str:
    """The distribution's Chromium; CI installs it, so there a missing one fails the test."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    return found


class Terminal:
    """One browser page signed in to the served app, and the text it has been sent."""

    def __init__(self, page) -> None:
        self.page = page
        self.frames: list[bytes] = []
        self.sent_at: list[float] = []
        page.on("websocket", self._follow)

    def _follow(self, socket) -> None:
        socket.on("framereceived", self._received)

    def _received(self, frame) -> None:
        self.frames.append(frame if isinstance(frame, bytes) else frame.encode("utf-8"))
        self.sent_at.append(time.perf_counter())

    def text(self, since: int = 0) -> str:
        return ESCAPES.sub(b"", b"".join(self.frames[since:])).decode("utf-8", "replace")

    def wait_for(self, words: str, since: int = 0, timeout: float = TIMEOUT) -> None:
        """Until the app has drawn `words` (in frames after the `since`-th)."""
        deadline = time.monotonic() + timeout
        while words not in self.text(since):
            assert time.monotonic() < deadline, f"the screen never showed {words!r}: {self.text(since)[-800:]!r}"
            self.page.wait_for_timeout(20)

    def sign_in(self, base: str, name: str, password: str = "password9") -> None:
        self.page.goto(f"{base}/")
        self.page.fill("#name", name)
        self.page.fill("#password", password)
        self.page.click("#signin")

    def press(self, key: str) -> int:
        """Press `key` in the terminal; the number of frames before it (for `wait_for`)."""
        mark = len(self.frames)
        self.page.focus(".xterm-helper-textarea")  # xterm.js reads keys from this textarea
        self.page.keyboard.press(key)
        return mark
