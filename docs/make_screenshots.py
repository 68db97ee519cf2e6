"""The README's screenshots, made from the 80×24 snapshots of tests/test_screens_snapshots.py.

    .venv/bin/python docs/make_screenshots.py

Chromium (the one `.ci/run` installs, driven by Playwright) draws each SVG. Every character is
placed on its own cell first: Textual measures a span's `textLength` in characters, not cells,
so a line with Chinese would otherwise be squeezed, and a fallback CJK font drifts.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from playwright.sync_api import sync_playwright
from rich.cells import cell_len

HERE = Path(__file__).resolve().parent
SNAPSHOTS = HERE.parent / "tests" / "__snapshots__" / "test_screens_snapshots"
SCREENS = ("dashboard", "queue", "case", "handover", "reports")
LANGS = {"en": "en", "zh-CN": "zh"}
TEXT = re.compile(r'<text class="([^"]*)" x="([^"]*)" y="([^"]*)" textLength="([^"]*)" '
                  r'clip-path="([^"]*)">([^<]*)</text>')


def per_cell(match: re.Match) -> str:
    """One <text> per character, at the cell it stands on."""
    style, x, y, length, clip, content = match.groups()
    characters = html.unescape(content)
    cell = float(length) / (len(characters) or 1)
    out, at = [], float(x)
    for character in characters:
        if character not in (" ", "\xa0"):
            out.append(f'<text class="{style}" x="{at:.1f}" y="{y}" clip-path="{clip}">'
                       f'{html.escape(character)}</text>')
        at += cell_len(character) * cell
    return "".join(out)


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1000, "height": 640})
        for lang, short in LANGS.items():
            for screen in SCREENS:
                svg = (SNAPSHOTS / f"test_every_screen_at_80_by_24[{lang}][{screen}].svg").read_text()
                svg = TEXT.sub(per_cell, svg.replace("https://", "file:///nonexistent/"))  # no web fonts
                page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
                target = HERE / "screenshots" / f"{screen}-{short}.png"
                page.locator("svg").first.screenshot(path=str(target))
                print(target.relative_to(HERE.parent))
        browser.close()


if __name__ == "__main__":
    main()
