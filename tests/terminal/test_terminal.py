"""The installed `caseroom` command in a real terminal (tmux): keys in, screen read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.tmux import Terminal

CASEROOM = Path(sys.executable).parent / "caseroom"

pytestmark = [
    pytest.mark.skipif(
        shutil.which("tmux") is None or not CASEROOM.exists(),
        reason="needs tmux and the installed caseroom command (the README's test command has both)",
    ),
    # Real-time tests: one at a time on one xdist worker (each has its own tmux server).
    pytest.mark.xdist_group("terminal"),
]


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        # Stale sizes, as a tmux server started under pytest hands out: the app must ignore
        # them and draw at the window's real 120x36 (tui.cli.forget_stale_terminal_size).
        "COLUMNS": "80",
        "LINES": "24",
    }
    term = Terminal(env)
    yield term
    term.stop()


def test_answer_in_a_real_terminal_and_find_it_after_restart(terminal: Terminal) -> None:
    terminal.start(str(CASEROOM))
    terminal.wait_for("Product Manager")
    terminal.wait_for("Role tracks")
    terminal.keys("Enter")
    terminal.wait_for("Type to narrow")
    terminal.type("shared")
    # Enter opens the highlighted row: wait until the list holds only the shared-account one.
    terminal.wait_until(
        lambda screen: "Parents picking" in screen and "Marketing wants" not in screen,
        "the list never narrowed to the shared-account prompt",
        20,
    )
    terminal.keys("Enter")
    terminal.wait_for("Step 1/6")
    terminal.type("Confirm the outcome: time to first play on the TV.")
    terminal.keys("C-n")
    terminal.type("Parents sharing one account on weeknights.")
    terminal.wait_for("Parents sharing one account on weeknights.")  # every key has arrived
    terminal.keys("C-s")  # time left: it asks first (issue 13), a second ctrl+s submits
    terminal.wait_for("Submit this answer now?")
    terminal.keys("C-s")
    terminal.wait_for("Submitted")
    terminal.wait_for("Parents sharing one account on weeknights.")
    terminal.keys("C-q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), "caseroom did not quit on ctrl+q"

    terminal.start(str(CASEROOM))
    terminal.wait_for("Role tracks")
    terminal.wait_for("Product Manager")  # the library is listed: the app is ready for keys
    terminal.keys("h")
    terminal.wait_for("1 attempt")
    terminal.wait_for("Parents picking something fast")  # the row itself, not only the count
    terminal.keys("Enter")
    terminal.wait_for("Parents sharing one account on weeknights.")


def test_version_and_help_from_the_installed_command() -> None:
    version = subprocess.run([str(CASEROOM), "--version"], capture_output=True, text=True)
    assert version.returncode == 0
    assert version.stdout.startswith("caseroom ")
    helptext = subprocess.run([str(CASEROOM), "--help"], capture_output=True, text=True)
    for option in ("--content", "--db", "check", "export", "XDG_DATA_HOME"):
        assert option in helptext.stdout
