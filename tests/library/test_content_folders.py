"""Issue 13: content folders that behave (watched inside .venv, missing ones said, empty
ones valid)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from tests.library.test_watcher import _wait_for
from tui.library.check import run_check
from tui.library.loader import ContentIndex
from tui.library.watching import watch_content


async def test_a_library_inside_a_venv_is_watched(tmp_path: Path) -> None:
    """The README installs into .venv; watchfiles' DefaultFilter dropped every path there."""
    root = tmp_path / ".venv" / "lib" / "site-packages" / "content"
    (root / "tracks" / "demo").mkdir(parents=True)
    seen: list[Path] = []

    async def on_paths(paths: list[Path]) -> None:
        seen.extend(paths)

    task = asyncio.create_task(watch_content([root], on_paths, lambda _root: None))
    try:
        await asyncio.sleep(0.2)
        target = root / "tracks" / "demo" / "p.md"
        target.write_text("x")
        assert await _wait_for(lambda: target in seen)
    finally:
        task.cancel()


def test_a_missing_content_folder_is_a_problem_with_its_path(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    library = ContentIndex([missing]).load()
    assert [(p.path, p.message) for p in library.problems] == [
        (str(missing), "this content folder does not exist")
    ]


def test_check_accepts_an_empty_content_folder(tmp_path: Path) -> None:
    empty = tmp_path / "caseroom-content"
    empty.mkdir()
    out = io.StringIO()
    assert run_check([str(empty)], out) == 0, out.getvalue()
    assert "0 problems" in out.getvalue()


def test_check_still_refuses_a_folder_of_stray_markdown(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# hi")
    out = io.StringIO()
    assert run_check([str(tmp_path)], out) == 1
    assert "not a content folder" in out.getvalue()


def test_a_bundled_prompt_is_copied_to_the_users_folder_keeping_its_id(tmp_path: Path) -> None:
    from tui.library.authoring import copy_for_editing

    bundled, mine = tmp_path / "bundled", tmp_path / "mine"
    source = bundled / "tracks" / "pm" / "p.md"
    source.parent.mkdir(parents=True)
    source.write_text("---\nid: p\n---\nQ\n")
    copy = copy_for_editing(source, bundled, mine)
    assert copy == mine / "tracks" / "pm" / "p.md"
    assert copy.read_text() == source.read_text()
    copy.write_text("---\nid: p\n---\nMine\n")
    assert copy_for_editing(source, bundled, mine).read_text().endswith("Mine\n")  # kept
