"""The story drill from the installed `caseroom` command in a real terminal (tmux): a
story in the user's content folder, drilled twice from the stories screen, each time
against a behavioral question it had not answered, in the five-part timed story."""

from __future__ import annotations

import os
import shutil
import sys
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
    pytest.mark.xdist_group("terminal"),
]

STORY = """\
---
title: The Friday outage
where: Streamline, payments
when: 2023
competencies: [candor, technical-leadership]
---
## Challenge
Payments failed for one member in five on a Friday evening.
"""


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    stories = tmp_path / "data" / "caseroom" / "content" / "stories"
    stories.mkdir(parents=True)
    (stories / "friday-outage.md").write_text(STORY)
    env = {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
    }
    term = Terminal(env)
    yield term
    term.stop()


def drill_once(terminal: Terminal, answer: str, score: str) -> str:
    """Enter on the stories screen: answer the drill, submit, score and save; the screen
    as the drill showed it."""
    terminal.keys("Enter")
    shown = terminal.wait_for("drill: The Friday outage")
    terminal.wait_for("Step 1/5")  # the timed story's five parts, whatever the prompt's own
    terminal.type(answer)
    terminal.wait_for(answer)
    terminal.keys("C-s")  # time left: it asks first, a second ctrl+s submits
    terminal.wait_for("Submit this answer now?")
    terminal.keys("C-s")
    terminal.wait_for("Submitted")
    terminal.keys(score)
    terminal.keys("C-s")
    terminal.wait_for("Story bank")
    return shown


def test_drill_a_story_twice_from_the_installed_command(terminal: Terminal) -> None:
    terminal.start(str(CASEROOM))
    terminal.wait_for("Role tracks")
    terminal.wait_for("Product Manager")
    terminal.keys("b")
    terminal.wait_for("Story bank")
    terminal.wait_for("The Friday outage")
    first = drill_once(terminal, "I rolled the release back myself.", "4")
    assert "Settling disagreements over technical direction" in first  # both competencies
    terminal.wait_until(
        lambda screen: "4/5" in screen, "the stories screen never showed the score", 20
    )
    second = drill_once(terminal, "I said plainly what went wrong.", "3")
    assert "Settling disagreements over technical direction" not in second  # a new question
    terminal.wait_until(
        lambda screen: "4→3" in screen, "the stories screen never showed the trend", 20
    )
