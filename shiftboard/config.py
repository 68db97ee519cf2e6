"""Settings: the team's config file (TOML in the data dir) merged with command-line options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pendulum

from shiftboard import i18n
from shiftboard.domain.problems import Checker, Problem, load_toml

KEYS = {"agent", "lang", "timezone", "bell", "shop", "theme", "action_lead"}


@dataclass
class Settings:
    """Everything a run of shiftboard needs to know before it opens the data."""

    data_dir: Path
    agent: str = ""
    lang: str = "en"
    timezone: str = "UTC"
    bell: bool = True
    shop: str = ""
    action_lead: int = 10  # minutes before a handover action's deadline that it is at risk
    playbook: Path | None = None  # --playbook; else the data dir's, else the shipped default
    demo: bool = False
    first_run: bool = False  # no config yet: the app asks for name and language once
    theme: str = ""  # a Textual theme's name, chosen in the palette ("" = Textual's default)
    role: str = ""  # the account's role; "" while the team has no accounts (no role checks)
    session: str = ""  # where changes come from, for the audit trail ("web:…", "tty:…")


def system_timezone() -> str:
    try:
        return pendulum.local_timezone().name
    except Exception:  # noqa: BLE001 - an odd system zone must not stop the app
        return "UTC"


def valid_timezone(name: str) -> bool:
    try:
        pendulum.timezone(name)
    except Exception:  # noqa: BLE001 - pendulum raises several types for unknown zones
        return False
    return True


def parse_config(text: str) -> tuple[dict, list[Problem]]:
    """Validate config text; return the usable values and every problem found."""
    data, problems = load_toml(text)
    if problems:
        return {}, problems
    check = Checker(text)
    check.known_keys(data, (), KEYS)
    values: dict = {}
    for name in ("agent", "shop", "theme"):
        if name in data:
            value = check.text(data, (), name)
            if value is not None:
                values[name] = value
    if "lang" in data:
        lang = i18n.normalise(str(data["lang"]))
        if lang is None:
            check.add(("lang",), "check.bad_lang", value=data["lang"], allowed="zh, en")
        else:
            values["lang"] = lang
    if "timezone" in data:
        if isinstance(data["timezone"], str) and valid_timezone(data["timezone"]):
            values["timezone"] = data["timezone"]
        else:
            check.add(("timezone",), "check.bad_timezone", value=data["timezone"])
    if "bell" in data:
        if isinstance(data["bell"], bool):
            values["bell"] = data["bell"]
        else:
            check.add(("bell",), "check.not_bool", name="bell")
    if "action_lead" in data:
        lead = data["action_lead"]
        if isinstance(lead, int) and not isinstance(lead, bool) and 0 <= lead <= 240:
            values["action_lead"] = lead
        else:
            check.add(("action_lead",), "check.bad_lead", value=lead)
    return values, check.sorted_problems()


def render_config(existing: str, values: dict) -> str:
    """The config text with `values` set, keeping the team's comments and layout."""
    import tomlkit

    document = tomlkit.parse(existing) if existing.strip() else tomlkit.document()
    for key, value in values.items():
        document[key] = value
    return tomlkit.dumps(document)
