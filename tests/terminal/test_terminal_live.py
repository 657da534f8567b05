"""Live content in a real terminal: a title edited on disk shows up on the open screen."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import APP_CONTENT
from tests.terminal.test_terminal import CASEROOM, Terminal, pytestmark, terminal

__all__ = ["pytestmark", "terminal"]  # the tmux fixture and skip rule of test_terminal


def test_a_title_edited_on_disk_appears_on_screen(terminal: Terminal, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(APP_CONTENT, content)
    terminal.start(str(CASEROOM), "--content", str(content))
    terminal.wait_for("Demo Track")
    terminal.wait_for("Role tracks")
    # The demo track sorts first (order: 1); its summary in the overview says it is selected.
    terminal.wait_for("Two prompts for tests")
    terminal.keys("Enter")
    terminal.wait_for("Faster picks for busy parents")
    path = content / "tracks" / "demo" / "demo-case.md"
    path.write_text(path.read_text().replace("Faster picks", "Live edited picks"))
    terminal.wait_for("Live edited picks")
