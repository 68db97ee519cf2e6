"""Shared fixtures: a fixed clock in the team's zone, a temp data dir, the shipped playbooks."""

from __future__ import annotations

import pendulum
import pytest

from shiftboard import i18n
from shiftboard.clock import FixedClock
from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.services.shift import ShiftService
from shiftboard.store import Store
from shiftboard.store.shipped import default_playbook

TZ = "Asia/Shanghai"


def at(text: str) -> pendulum.DateTime:
    """`at("2026-11-23 08:45")` in the test zone."""
    return pendulum.parse(text, tz=TZ)


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English; tests about Chinese switch explicitly."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at("2026-11-23 08:45"))


@pytest.fixture
def playbook():
    return parse_playbook(default_playbook("en").read_text(encoding="utf-8"))


@pytest.fixture
def store(tmp_path, clock) -> Store:
    return Store(tmp_path / "data", clock)


@pytest.fixture
def service(store, playbook, clock) -> ShiftService:
    return ShiftService(store, playbook, clock, "Li")
