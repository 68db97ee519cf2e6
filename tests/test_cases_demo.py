"""`--demo` fills the case desk with realistic cases of every kind, in either language."""

from __future__ import annotations

import pytest

from shiftboard.clock import FixedClock
from shiftboard.demo.cases import fill_demo_cases
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.cases.clocks import ClockStatus
from shiftboard.services.cases import CaseService
from shiftboard.store import Store
from tests.conftest import at


@pytest.mark.parametrize(("lang", "store_name"), [("zh-CN", "旗舰店"), ("en", "Flagship store")])
def test_the_demo_desk_has_every_kind_at_every_stage(tmp_path, lang, store_name):
    now = at("2026-11-23 15:10")
    store = Store(tmp_path, FixedClock(now))
    assert fill_demo_cases(store, now, ["A", "B"], lang) == 18
    desk = CaseService(store, FixedClock(now), "A")
    cases = store.cases.live.read()
    assert {c["kind"] for c in cases} == set(CaseKind)
    assert {c["handler"] for c in cases} == {"A", "B"}
    assert store_name in {c["store"] for c in cases}
    closed = [c for c in cases if c["closed_at"]]
    assert {c["status"] for c in closed} == {"refunded", "restocked", "loss"}
    urgencies = [v.urgency for v in desk.due_soon()]
    assert urgencies[:2] == [ClockStatus.BREACHED, ClockStatus.AT_RISK]
    hints = {h for v in desk.queue().rows for h in desk.detail(v.case["id"]).hints}
    assert {"case.hint.extend_confirm", "case.hint.ask_postage", "case.hint.escalate"} <= hints


def test_the_two_languages_tell_the_same_story():
    import tomllib

    from shiftboard.demo.cases import demo_cases_path

    zh, en = (tomllib.loads(demo_cases_path(lang).read_text(encoding="utf-8"))["cases"] for lang in ("zh-CN", "en"))
    shape = [[(c["kind"], c["ago"], c.get("agent"), sorted(c["fields"]), [sorted(s) for s in c.get("then", [])])
              for c in cases] for cases in (zh, en)]
    assert shape[0] == shape[1]
