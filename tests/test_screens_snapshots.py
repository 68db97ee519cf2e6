"""Every screen at 80×24 in both languages, as SVG snapshots (tests/__snapshots__/).

One app per language walks them all (an app per picture would cost the suite a minute): from
the dashboard of the demo day, the keys of each walk, then the picture once the screen is
quiet, its carets steady and its toasts cleared. A changed picture fails with its name; update
with `pytest --snapshot-update` after looking at the new one."""

from __future__ import annotations

import pytest
from pytest_textual_snapshot import SVGImageExtension

from tests.test_snapshots import demo_app, loaded, open_from_the_dashboard
from tests.waiting import settle

#: (name of the picture, keys from the dashboard, the screen that must then be in front)
SCREENS = [
    ("dashboard", (), "Dashboard"),
    ("help", ("f1",), "HelpScreen"),
    ("replies", ("r",), "ReplyLibrary"),
    ("phrase-check", ("k",), "ReplyCheck"),
    ("handover", ("h",), None),
    ("handover-history", ("H",), "HandoverHistory"),
    ("reports", ("R",), "ReportScreen"),
    ("kpi", ("K",), "KpiScreen"),
    ("date-dialog", ("d",), "TextPrompt"),
    ("shift-choice", ("S",), "Choice"),
    ("desk", ("c",), "CaseDesk"),
    ("queue", ("c", "x"), "CaseDesk"),
    ("case", ("c", "enter"), "CaseScreen"),
    ("new-case-kind", ("c", "n"), None),
    ("return-register", ("c", "R"), "ReturnRegister"),
    ("rules-helper", ("c", "p"), "RulesHelper"),
    ("order-view", ("c", "v"), None),
    ("import", ("c", "i"), None),
]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_every_screen_at_80_by_24(snapshot, tmp_path, lang):
    pictures = snapshot.use_extension(SVGImageExtension)
    changed = []
    app = demo_app(tmp_path, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for name, keys, expected in SCREENS:
            await open_from_the_dashboard(pilot, keys, expected)
            app.clear_notifications()
            await settle(pilot)
            if pictures(name=name) != app.export_screenshot(title="shiftboard"):
                changed.append(name)
    assert changed == []
