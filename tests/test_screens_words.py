"""Every screen speaks one language: walked in English and in Chinese, no screen shows a phrase
of the other language's catalogue, nor Textual's own English words in the Chinese UI."""

from __future__ import annotations

import re
import string

import pytest

from shiftboard import i18n
from tests.test_snapshots import demo_app, open_from_the_dashboard
from tests.waiting import settle

#: (keys pressed from the dashboard, the screen that must then be in front). Each walk starts
#: on the dashboard of the demo day.
WALKS = [
    ((), "Dashboard"),
    (("f1",), "HelpScreen"),
    (("r",), "ReplyLibrary"),
    (("k",), "ReplyCheck"),
    (("h",), None),  # the handover (compose or receive, as the day has it)
    (("H",), None),
    (("R",), None),
    (("K",), None),
    (("d",), None),
    (("S",), None),
    (("ctrl+p",), "CommandPalette"),
    (("c",), "CaseDesk"),
    (("c", "enter"), "CaseScreen"),
    (("c", "n"), None),
    (("c", "R"), None),
    (("c", "p"), None),
]

#: Textual's own words that must not reach the Chinese UI (it has no catalogue of its own).
TEXTUAL_ENGLISH = ("palette", "Search for", "Do you want to quit", "to quit the app")


def _phrases(lang: str) -> set[str]:
    """The literal pieces of a catalogue long enough to belong to that language alone."""
    found = set()
    for text in i18n.catalogue(lang).values():
        for piece in re.split(r"\{[^}]*\}", text):
            piece = piece.strip(string.punctuation + " ：，。（）、·…—→")
            if lang == "zh-CN" and len(re.findall(r"[\u4e00-\u9fff]", piece)) >= 3:
                found.add(piece)
            if lang == "en" and len(piece.split()) >= 3 and not re.search(r"[\u4e00-\u9fff]", piece):
                found.add(piece)
    return found


def _screen_text(app) -> str:
    lines = []
    for widget in app.screen.walk_children(with_self=True):
        if widget.region.area and widget.display:
            for strip in widget.render_lines(widget.region.reset_offset):
                lines.append("".join(text for text, _, control in strip if not control))
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_every_screen_speaks_one_language(tmp_path, lang):
    own = _phrases(lang)
    other = _phrases("zh-CN" if lang == "en" else "en") - own
    wrong: list[tuple[tuple[str, ...], str]] = []
    shown: list[str] = []
    app = demo_app(tmp_path, lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for keys, expected in WALKS:
            await open_from_the_dashboard(pilot, keys, expected)
            text = _screen_text(app)
            shown.append(type(app.screen).__name__)
            wrong += [(keys, phrase) for phrase in other if phrase in text]
            if lang == "zh-CN":
                wrong += [(keys, word) for word in TEXTUAL_ENGLISH if word in text]
            else:  # not one Chinese character, but in the language switch's own name
                wrong += [(keys, han) for han in re.findall(r"[\u4e00-\u9fff]+", text) if han != "中文"]
            assert any(phrase in text for phrase in own) or expected == "CommandPalette", (keys, text[:300])
    assert wrong == []
    assert len(set(shown)) >= 12, shown  # the walk reached that many different screens
