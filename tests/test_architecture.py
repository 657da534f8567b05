"""The house rules, checked on every run: layers one way, Textual in its two layers only,
modules a person can read in one sitting. (That screens never name the store is
tests/screens/test_screens_never_touch_the_store.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = Path(sys.executable).parent
MAX_MODULE_LINES = 500
#: The layers below screens: none of them may need a terminal to be imported.
PLAIN_LAYERS = ("tui.core", "tui.library", "tui.store", "tui.services")


def test_import_contracts_hold() -> None:
    """pyproject.toml's [tool.importlinter] contracts: the layers, Textual's place, screens."""
    result = subprocess.run(
        [str(TOOLS / "lint-imports"), "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().split("contracts:")[-1].split(",")[0]


IMPORT_EVERYTHING_BELOW_SCREENS = """
import importlib, json, pkgutil, sys
for name in {layers!r}:
    package = importlib.import_module(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps(loaded))
"""


def test_the_plain_layers_import_without_textual_or_rich() -> None:
    """Every module of core, library, store and services, imported in a fresh interpreter,
    loads neither textual nor rich: they run (and are tested) with no terminal."""
    code = IMPORT_EVERYTHING_BELOW_SCREENS.format(layers=PLAIN_LAYERS)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"a plain layer pulled in {loaded[:5]}"


def python_modules() -> list[Path]:
    return sorted(
        path
        for folder in ("tui", "screens")
        for path in (REPO / folder).rglob("*.py")
        if "_content" not in path.parts
    )


def test_no_module_is_over_500_lines() -> None:
    long = {
        str(path.relative_to(REPO)): lines
        for path in python_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
