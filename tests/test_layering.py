"""The domain knows neither Textual nor TinyDB; the store knows no Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import shiftboard.domain


def loaded_after_importing(modules: list[str]) -> set[str]:
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_domain_loads_neither_textual_nor_tinydb():
    domain = [m.name for m in pkgutil.walk_packages(shiftboard.domain.__path__, "shiftboard.domain.")]
    assert len(domain) >= 20
    assert {"textual", "tinydb"} & loaded_after_importing(domain) == set()


def test_store_and_services_load_no_textual():
    assert "textual" not in loaded_after_importing(["shiftboard.store", "shiftboard.services.shift"])
