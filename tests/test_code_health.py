"""Code health gates that run with every test run: lint, format, strict types, lazy imports."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_lint_is_clean() -> None:
    result = run(str(TOOLS / "ruff"), "check", "tui", "screens", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = run(str(TOOLS / "ruff"), "format", "--check", "tui", "screens", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = run(sys.executable, "-m", "mypy", "tui", "screens")
    assert result.returncode == 0, result.stdout + result.stderr


PROBE = """
import json, sys
from tui.app import AppConfig, CaseroomApp
from tui.core.model import Library
class Fixed:
    def load(self): return Library()
    def apply_changes(self, paths): return Library()
seen = {}
class Probe(CaseroomApp):
    def on_ready(self):
        seen["modules"] = sorted(sys.modules)
        self.exit()
config = AppConfig(content_dirs=[], db_url="sqlite://", watch=False, library_source=Fixed())
Probe(config).run(headless=True)
print(json.dumps(seen["modules"]))
"""


def test_nothing_heavy_is_imported_before_the_first_frame() -> None:
    """sqlmodel (~0.35 s) and watchfiles must wait until after the first frame; so must
    the content items (their classes cost ~5 ms to make), Rich's emoji table (4 ms,
    pulled in by a str column label) and, with no config.toml to read, the TOML parser."""
    result = run(sys.executable, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    modules = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "textual.app" in modules  # the probe really ran the app
    heavy = {"sqlmodel", "sqlalchemy", "watchfiles", "fsrs", "plotext", "tui.store", "markdown_it"}
    heavy |= {"tui.core.items", "rich._emoji_codes", "yaml", "tomllib"}
    assert not heavy & modules, f"imported before first frame: {sorted(heavy & modules)}"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = next(line for line in ci_lines if "pytest" in line)
    assert command in readme
    assert readme.index(command) < readme.index("## Using it")  # one of the opening commands
    assert shlex.split(command)[-3:] == [".venv/bin/python", "-m", "pytest"]
