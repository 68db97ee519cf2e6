"""The case desk of `shiftboard --demo`: cases of every kind, at every stage, around "now".

The scenario is data (`data/demo_cases.<lang>.toml`: the buyers, stores and words of the
demo's language); it is played through the same service the screens use, each step at its
own moment before `now`, so the timelines, clocks and stale-version checks are real.
"""

from __future__ import annotations

import tomllib

from pendulum import DateTime

from shiftboard.clock import FixedClock
from shiftboard.domain.cases.model import CaseKind
from shiftboard.services.case_files import load_policy
from shiftboard.services.cases import CaseService
from shiftboard.store import Store
from shiftboard.store.shipped import shipped


def demo_cases_path(lang: str):
    return shipped(f"demo_cases.{lang}.toml")


def fill_demo_cases(store: Store, now: DateTime, agents: list[str], lang: str) -> int:
    """Write the demo's cases as they stand at `now`; the number of cases written."""
    scenario = tomllib.loads(store.read_text(demo_cases_path(lang)))
    policy = load_policy(store)

    def desk(at: DateTime, agent: int) -> CaseService:
        return CaseService(store, FixedClock(at), agents[agent % len(agents)], policy)

    for entry in scenario["cases"]:
        opened = now.subtract(minutes=entry["ago"])
        fields = dict(entry["fields"])
        if "promised_in" in entry:
            fields["promised_at"] = now.add(minutes=entry["promised_in"]).isoformat()
        if "confirm_in" in entry:
            fields["confirm_by"] = now.add(hours=entry["confirm_in"]).isoformat()
        agent = entry.get("agent", 0)
        case = desk(opened, agent).add(CaseKind(entry["kind"]), fields)
        for step in entry.get("then", ()):
            _play(desk(opened.add(minutes=step["after"]), step.get("agent", agent)), case["id"], step)
    return len(scenario["cases"])


def _play(desk: CaseService, case_id: str, step: dict) -> None:
    """One thing that happened to a demo case."""
    if "move" in step:
        desk.move(case_id, step["move"], None, step.get("tracking_no"))
    elif "note" in step:
        desk.note(case_id, step["note"])
    elif "contact" in step:
        desk.contact(case_id, step["contact"], step["outcome"], step.get("text", ""))
    elif "tick" in step:
        desk.tick(case_id, step["tick"])
    elif "meet" in step:
        desk.meet(case_id, step["meet"])
    elif "escalate" in step:
        desk.escalate(case_id, step["escalate"], step["reason"])
