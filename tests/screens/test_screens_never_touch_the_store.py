"""Screens show and ask; they never decide: no screen imports tui.store (not even for type
checking) or works on a `store` itself. They hand the App a service function
(tui.services) with its arguments bound."""

from __future__ import annotations

import ast
from pathlib import Path

SCREENS = Path(__file__).resolve().parents[2] / "screens"


def _modules() -> list[Path]:
    found = sorted(SCREENS.rglob("*.py"))
    assert found, SCREENS
    return found


def test_no_screen_imports_the_store() -> None:
    offenders = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            if any(name == "tui.store" or name.startswith("tui.store.") for name in names):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_no_screen_writes_a_job_of_its_own() -> None:
    """A job written in a screen (`lambda store: ...`, `def job(store)`) is a use case that
    belongs in tui.services."""
    offenders = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.arg) and node.arg == "store":
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
