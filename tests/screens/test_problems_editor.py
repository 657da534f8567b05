"""Issue 13: F2's problems open in $EDITOR at their line (`e`, enter or a click)."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from screens.problems import ProblemsScreen
from screens.widgets.editor import editor_argv
from tests.conftest import FakeClock
from tests.screens.test_live import _no_suspend, content, live_app, start, until

__all__ = ["content"]  # the fixture, used by name

BROKEN = "minutes: not-a-number"


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        (["vim"], ["vim", "+7", "f.md"]),
        (["/usr/bin/nano"], ["/usr/bin/nano", "+7", "f.md"]),
        (["emacs", "-nw"], ["emacs", "-nw", "+7", "f.md"]),
        (["vi"], ["vi", "+7", "f.md"]),
        (["code", "--wait"], ["code", "--wait", "-g", "f.md:7"]),
        (["subl", "-w"], ["subl", "-w", "f.md:7"]),
        (["my-editor"], ["my-editor", "f.md"]),  # unknown: no stray "+7" opened as a file
    ],
)
def test_editor_argv_says_the_line_the_editor_s_way(editor: list[str], expected: list[str]) -> None:
    assert editor_argv(editor, Path("f.md"), 7) == expected


def test_editor_argv_without_a_line_is_the_file_alone() -> None:
    assert editor_argv(["vim"], Path("f.md")) == ["vim", "f.md"]
    assert editor_argv(["vim"], Path("f.md"), 0) == ["vim", "f.md"]


def fake_vim(tmp_path: Path, record: Path) -> Path:
    """An executable called `vim` that records its argv and fixes the broken line."""
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "vim"
    program.write_text(
        f"#!{sys.executable}\n"
        "import json, pathlib, sys\n"
        f"pathlib.Path({str(record)!r}).write_text(json.dumps(sys.argv[1:]))\n"
        "p = pathlib.Path(sys.argv[-1])\n"
        f"p.write_text(p.read_text().replace({BROKEN!r}, 'minutes: 10'))\n"
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


@pytest.mark.parametrize("key", ["e", "enter"])
async def test_a_problem_opens_in_the_editor_at_its_line(
    db_url: str,
    clock: FakeClock,
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    key: str,
) -> None:
    path = content / "tracks" / "demo" / "demo-case.md"
    path.write_text(path.read_text().replace("minutes: 10", BROKEN))
    record = tmp_path / "argv.json"
    monkeypatch.setenv("EDITOR", str(fake_vim(tmp_path, record)))
    monkeypatch.delenv("VISUAL", raising=False)
    app = live_app(db_url, clock, [content], watch=False)
    monkeypatch.setattr(app, "suspend", lambda: _no_suspend())  # headless cannot suspend
    async with app.run_test(size=(120, 30)) as pilot:
        await start(pilot)
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        problems = app.screen
        assert isinstance(problems, ProblemsScreen)
        await until(pilot, lambda: len(problems.shown()) == 1)
        problem = problems.problems[0]
        assert problem.line == 6  # the broken `minutes:` line
        problems.query_one("#problems-list", OptionList).focus()
        await pilot.press(key)
        await until(pilot, record.exists)
        assert json.loads(record.read_text()) == ["+6", str(path)]
        await until(pilot, lambda: problems.shown() == [])  # read again at once: fixed


async def test_an_info_line_has_no_file_to_open(
    db_url: str, clock: FakeClock, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: list[Any] = []
    monkeypatch.setattr("screens.widgets.editor.run_editor", lambda *a, **k: called.append(a))
    app = live_app(db_url, clock, [content], watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(pilot)
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        await pilot.press("e")
        await until(pilot, lambda: any("No problem selected" in n for n in app.notices))  # type: ignore[attr-defined]
    assert called == []
