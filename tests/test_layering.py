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


def _imports(package: str) -> dict[str, set[str]]:
    """Every shiftboard module a file of `package` imports (at the top or inside a function)."""
    import ast
    from pathlib import Path

    root = Path(shiftboard.domain.__file__).parents[1]
    found: dict[str, set[str]] = {}
    for path in (root / package.replace(".", "/")).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(root))] = {n for n in names if n.startswith(("shiftboard", "textual", "tinydb"))}
    return found


# Arrows point down only: cli → tui → services → domain and store (ARCHITECTURE.md).
FORBIDDEN = {
    "domain": ("shiftboard.store", "shiftboard.services", "shiftboard.tui", "shiftboard.cli", "textual", "tinydb"),
    "store": ("shiftboard.services", "shiftboard.tui", "shiftboard.cli", "textual"),
    "services": ("shiftboard.tui", "shiftboard.cli", "textual"),
    "render": ("shiftboard.tui", "shiftboard.cli", "textual"),
    "tui": ("shiftboard.cli",),
}


def test_arrows_point_down_only():
    wrong = [(module, name) for package, banned in FORBIDDEN.items()
             for module, names in _imports(f"shiftboard.{package}").items()
             for name in names if name.startswith(banned)]
    assert wrong == []


def test_nothing_imports_startup_so_there_is_no_cycle_with_the_cli():
    for package in ("cli", "tui", "services", "domain", "store", "render", "demo"):
        assert [m for m, names in _imports(f"shiftboard.{package}").items() if "shiftboard.startup" in names] == []
