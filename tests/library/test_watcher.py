"""Live content, the pure part: which paths of a change batch are re-read, and the loop."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from tests.conftest import WATCHER
from tui.core.model import Problem
from tui.library.watching import (
    existing_roots,
    folder_index,
    gone_roots,
    new_problems,
    paths_to_reread,
    watch_content,
)


def test_only_markdown_and_folders_are_reread(tmp_path: Path) -> None:
    folder = tmp_path / "tracks" / "demo"
    folder.mkdir(parents=True)
    batch = [
        str(folder / "a.md"),
        str(folder / "4913"),  # vim's write probe, already gone
        str(folder / ".a.md.swp"),
        str(folder / ".#a.md"),  # emacs lock link
        str(folder / "notes.txt"),
        str(folder),
        str(folder / "a.md"),  # the same path twice in one batch: read once
    ]
    assert paths_to_reread(batch) == [folder, folder / "a.md"]


def test_a_deleted_markdown_file_is_still_reread_so_it_drops_out(tmp_path: Path) -> None:
    gone = tmp_path / "tracks" / "demo" / "gone.md"
    assert paths_to_reread([str(gone)]) == [gone]


def test_a_vanished_folder_is_reread_only_if_it_held_content(tmp_path: Path) -> None:
    held = tmp_path / "tracks" / "old"
    known = folder_index([str(held / "p.md")])
    batch = [str(held), str(tmp_path / "4913")]
    assert paths_to_reread(batch, known_folder=known) == [held]
    assert known(str(tmp_path)) and not known(str(tmp_path / "other"))


def test_roots_that_do_not_exist_are_skipped_and_gone_ones_noticed(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    missing = tmp_path / "missing"
    assert existing_roots([here, missing, here]) == [here]
    assert gone_roots([here, missing]) == [missing]


def test_each_problem_is_new_once() -> None:
    old = Problem("a.md", 2, "bad")
    fresh = Problem("b.md", 1, "worse")
    assert new_problems([old], [old, fresh]) == [fresh]
    assert new_problems([old, fresh], [fresh]) == []


async def _wait_for(condition: object, rounds: int = 2000) -> bool:
    for _ in range(rounds):
        if callable(condition) and condition():
            return True
        await asyncio.sleep(0.01)
    return False


@WATCHER
async def test_the_loop_reports_saves_and_a_deleted_root(
    tmp_path: Path, os_watches: list[object]
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "tracks" / "demo").mkdir(parents=True)
    (second / "tracks").mkdir(parents=True)
    seen: list[Path] = []
    gone: list[Path] = []

    async def on_paths(paths: list[Path]) -> None:
        seen.extend(paths)

    task = asyncio.create_task(
        watch_content([first, second, tmp_path / "missing"], on_paths, gone.append)
    )
    try:
        assert await _wait_for(lambda: bool(os_watches))  # changes before it go unseen
        target = first / "tracks" / "demo" / "p.md"
        temp = target.with_name("p.md.tmp")
        temp.write_text("x")
        os.replace(temp, target)  # an editor's save: temp file + rename
        assert await _wait_for(lambda: target in seen)
        assert temp not in seen
        for path in sorted(second.rglob("*"), reverse=True):
            path.rmdir()
        second.rmdir()
        assert await _wait_for(lambda: gone == [second])
        assert second in seen  # handed on, so its files drop out of the library
        seen.clear()
        # Watching goes on over a new OS watch of the other roots; a change made before
        # it exists would go unseen.
        assert await _wait_for(lambda: len(os_watches) == 2)
        other = first / "tracks" / "demo" / "q.md"
        other.write_text("y")
        assert await _wait_for(lambda: other in seen)  # still watching the rest
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
