"""The defaults shipped with shiftboard (playbooks, reply scripts, policies) in `data/`."""

from __future__ import annotations

from pathlib import Path


def shipped_dir() -> Path:
    """`data/` of a source checkout, or its copy inside an installed wheel."""
    packaged = Path(__file__).resolve().parents[1] / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def shipped(name: str) -> Path:
    return shipped_dir() / name


def default_playbook(lang: str) -> Path:
    return shipped(f"playbook.{lang}.toml")
