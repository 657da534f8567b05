"""Live content through the real App: files change on disk, open screens follow in place."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

import tui.library.loader
from screens.practice import PracticeScreen, StepEditor
from screens.problems import ProblemsScreen
from screens.prompts import PromptsScreen
from screens.tracks import TracksScreen
from tests.conftest import APP_CONTENT, OS_WATCHES, WATCHER, FakeClock, make_config
from tui.app import AppConfig, CaseroomApp
from tui.library.loader import ContentIndex
from tui.library.parse import parse_content

OLD_TITLE = "Faster picks for busy parents"
pytestmark = pytest.mark.usefixtures("os_watches")  # start() waits for the OS watch


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the test content that tests may change."""
    root = tmp_path / "content"
    shutil.copytree(APP_CONTENT, root)
    return root


def live_app(
    db_url: str,
    clock: FakeClock,
    dirs: list[Path],
    *,
    watch: bool = True,
    user: Path | None = None,
    cache: Path | None = None,
) -> CaseroomApp:
    config = make_config(db_url, clock, dirs, cache=cache)
    assert isinstance(config, AppConfig)
    config.watch = watch
    config.user_content_dir = user
    app = CaseroomApp(config)
    app.notices = []  # type: ignore[attr-defined]
    original = app.notify

    def record(message: str, *args: Any, **kwargs: Any) -> None:
        app.notices.append(message)  # type: ignore[attr-defined]
        original(message, *args, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    return app


async def until(pilot: Pilot[Any], condition: Callable[[], bool], rounds: int = 2000) -> None:
    """Let the app run until `condition` holds (bounded by rounds, not by a clock)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never got there")


async def start(pilot: Pilot[Any]) -> None:
    """Wait for the first load and for the watcher to be running."""
    app = pilot.app
    assert isinstance(app, CaseroomApp)
    await until(pilot, lambda: app.library_loaded and app.store_available)
    if app.config.watch:
        await until(pilot, lambda: app.live.started and bool(OS_WATCHES))


async def open_prompts(pilot: Pilot[Any]) -> PromptsScreen:
    await start(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, PromptsScreen))
    screen = pilot.app.screen
    assert isinstance(screen, PromptsScreen)
    return screen


def published_sizes(app: CaseroomApp, path: Path) -> list[int | None]:
    """For each library the app publishes from now on: the size `path` had when read.

    A wait for "nothing more was announced" must first know that the change was seen:
    the announcement follows the publish in the same step of the event loop.
    """
    read: list[int] = []
    published: list[int | None] = []
    source = app.config.library_source
    real_apply, real_set = source.apply_changes, app.set_library

    def applying(paths: Any) -> Any:
        size = path.stat().st_size  # before the read: the bytes read are at least this new
        library = real_apply(paths)
        read.append(size)
        return library

    def publishing(library: Any) -> None:
        real_set(library)
        published.append(read[-1] if read else None)

    source.apply_changes = applying  # type: ignore[method-assign]
    app.set_library = publishing  # type: ignore[method-assign]
    return published


def titles(screen: PromptsScreen) -> list[str]:
    table = screen.query_one("#prompts-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def retitle(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(f"title: {old}", f"title: {new}"))


def save_by_rename(path: Path, text: str) -> None:
    """Save the way many editors do: write a temp file, rename it over the original."""
    temp = path.with_name(path.name + ".tmp~")
    temp.write_text(text)
    os.replace(temp, path)


NEW_PROMPT = """\
---
id: demo-new
title: Pricing a family plan
kind: case
scaffold: six-step
minutes: 10
---
How would you price a family plan?
"""


@WATCHER
async def test_prompt_list_preview_and_track_counts_follow_the_files(
    db_url: str, clock: FakeClock, content: Path
) -> None:
    demo = content / "tracks" / "demo"
    app = live_app(db_url, clock, [content])
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_prompts(pilot)
        tracks = app.screen_stack[-2]
        assert isinstance(tracks, TracksScreen)
        await pilot.press(*"busy")
        retitle(demo / "demo-case.md", OLD_TITLE, "Quicker picks for busy parents")
        await until(pilot, lambda: titles(screen) == ["Quicker picks for busy parents"])
        preview = screen.query_one("#prompt-preview")
        assert "Quicker picks" in str(getattr(preview, "source", ""))

        for _ in "busy":
            await pilot.press("backspace")
        (demo / "demo-new.md").write_text(NEW_PROMPT)
        await until(pilot, lambda: "Pricing a family plan" in titles(screen))
        assert tracks.prompt_counts == {"demo": 3}

        (demo / "demo-story.md").unlink()
        await until(pilot, lambda: len(titles(screen)) == 2)
        assert "Pricing a family plan" in titles(screen)
        assert tracks.prompt_counts == {"demo": 2}


@WATCHER
async def test_a_broken_file_keeps_its_last_good_version_until_fixed(
    db_url: str, clock: FakeClock, content: Path
) -> None:
    path = content / "tracks" / "demo" / "demo-case.md"
    good = path.read_text()
    app = live_app(db_url, clock, [content])
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_prompts(pilot)
        await pilot.press("f2")
        problems = app.screen
        assert isinstance(problems, ProblemsScreen)
        assert problems.shown() == []

        save_by_rename(path, good.replace("kind: case", "kind: [nonsense"))
        await until(pilot, lambda: len(problems.shown()) == 1)
        line = problems.shown()[0]
        assert line.startswith(f"{path}:")
        assert OLD_TITLE in titles(screen)  # the last good version stays in use
        assert sum(str(path) in notice for notice in app.notices) == 1  # type: ignore[attr-defined]

        published = published_sizes(app, path)
        # Saved whole (by rename): a write in place can be seen half done, as an empty file,
        # which is a different problem and rightly announced.
        save_by_rename(path, good.replace("kind: case", "kind: [nonsense") + "\nmore\n")
        size = path.stat().st_size
        await until(pilot, lambda: bool(published) and published[-1] == size)
        assert sum(str(path) in notice for notice in app.notices) == 1  # type: ignore[attr-defined]

        save_by_rename(path, good.replace(OLD_TITLE, "Fixed title"))
        await until(pilot, lambda: problems.shown() == [])
        await pilot.press("escape")
        assert app.screen is screen
        assert "Fixed title" in titles(screen)


@WATCHER
async def test_the_practice_prompt_follows_and_the_answer_stays(
    db_url: str, clock: FakeClock, content: Path
) -> None:
    path = content / "tracks" / "demo" / "demo-case.md"
    app = live_app(db_url, clock, [content])
    async with app.run_test(size=(120, 30)) as pilot:
        await open_prompts(pilot)
        await pilot.press(*"busy")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        await pilot.press(*"my answer")
        save_by_rename(path, path.read_text().replace("Busy parents share", "Tired parents share"))
        prompt_view = practice.query_one("#practice-question")
        await until(pilot, lambda: "Tired parents" in str(getattr(prompt_view, "source", "")))
        assert practice.query(StepEditor).first().text == "my answer"


@WATCHER
async def test_the_app_exits_promptly_with_the_watcher_running(
    db_url: str, clock: FakeClock, content: Path
) -> None:
    app = live_app(db_url, clock, [content, content.parent / "does-not-exist"])

    async def run() -> None:
        async with app.run_test() as pilot:
            await start(pilot)
            await pilot.press("ctrl+q")

    await asyncio.wait_for(run(), timeout=120)  # a hang fails, not blocks the suite
    assert app.live.started
    assert not [w for w in app.workers if w.group == "content-watch" and w.is_running]


@contextmanager
def editor(tmp_path: Path, script: str) -> Iterator[None]:
    """$EDITOR set to a small Python script that edits the file it is given."""
    program = tmp_path / "fake_editor.py"
    program.write_text(script)
    old = os.environ.get("EDITOR"), os.environ.pop("VISUAL", None)
    os.environ["EDITOR"] = f"{sys.executable} {program}"
    try:
        yield
    finally:
        os.environ.pop("EDITOR", None)
        if old[0] is not None:
            os.environ["EDITOR"] = old[0]
        if old[1] is not None:
            os.environ["VISUAL"] = old[1]


async def test_edit_key_opens_the_file_and_shows_the_change_without_watcher(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = live_app(db_url, clock, [content], watch=False)
    monkeypatch.setattr(app, "suspend", lambda: _no_suspend())  # headless cannot suspend
    script = (
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"p.write_text(p.read_text().replace({OLD_TITLE!r}, 'Edited picks for busy parents'))\n"
    )
    with editor(tmp_path, script):
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await open_prompts(pilot)
            await pilot.press(*"busy")
            await pilot.press("ctrl+e")
            await until(pilot, lambda: titles(screen) == ["Edited picks for busy parents"])


async def test_new_prompt_goes_to_the_user_folder_and_joins_the_bundled_track(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user"
    user.mkdir()
    app = live_app(db_url, clock, [content, user], watch=False, user=user)
    monkeypatch.setattr(app, "suspend", lambda: _no_suspend())
    script = (
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('title: New prompt', 'title: My own prompt'))\n"
    )
    with editor(tmp_path, script):
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await open_prompts(pilot)
            await pilot.press("ctrl+n")
            await until(pilot, lambda: "My own prompt" in titles(screen))
    created = user / "tracks" / "demo" / "new-prompt-1.md"
    assert created.exists()
    assert not (user / "tracks" / "demo" / "track.md").exists()
    assert app.library.prompts["new-prompt-1"].track == "demo"
    assert app.library.problems == ()


async def test_an_editor_that_cannot_start_is_reported(
    db_url: str, clock: FakeClock, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = live_app(db_url, clock, [content], watch=False)
    monkeypatch.setattr(app, "suspend", lambda: _no_suspend())
    monkeypatch.setenv("EDITOR", "/nonexistent/editor-xyz")
    monkeypatch.delenv("VISUAL", raising=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_prompts(pilot)
        await pilot.press("ctrl+e")
        await until(pilot, lambda: any("Could not start the editor" in n for n in app.notices))  # type: ignore[attr-defined]


@contextmanager
def _no_suspend() -> Iterator[None]:
    yield


async def test_plain_e_on_the_list_edits_and_other_letters_narrow(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = live_app(db_url, clock, [content], watch=False)
    monkeypatch.setattr(app, "suspend", lambda: _no_suspend())
    script = (
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "new = 'Edited with plain e for busy parents'\n"
        f"p.write_text(p.read_text().replace({OLD_TITLE!r}, new))\n"
    )
    with editor(tmp_path, script):
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await open_prompts(pilot)
            await pilot.press(*"busy")
            await pilot.press("tab")  # from the filter box to the list
            assert screen.focused is not None and screen.focused.id == "prompts-table"
            await pilot.press("e")
            await until(pilot, lambda: titles(screen) == ["Edited with plain e for busy parents"])
            screen.query_one("#prompts-table").focus()
            await pilot.press("x")  # a letter typed on the list goes to the filter
            assert screen.query_one("#filter", Input).value == "busyx"
            assert screen.focused is screen.query_one("#filter", Input)


# --- the disk cache follows live changes -------------------------------------------------


@pytest.fixture
def cache_writes(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The file entries of every cache write, in order, each once it is on disk.

    The app writes the cache in a daemon thread: a write counted when it began could
    still be under way when the test reads the cache back.
    """
    writes: list[dict[str, Any]] = []
    real = tui.library.loader.write_cache

    def counting(path: Path, roots: Any, entries: Any, *checked: Any) -> bool:
        written = real(path, roots, entries, *checked)
        if written:
            writes.append(dict(entries))
        return written

    monkeypatch.setattr(tui.library.loader, "write_cache", counting)
    return writes


def stat_key(path: Path) -> tuple[int, int, int]:
    """The stat the loader keys its cache on (tui.library.cache.StatKey)."""
    info = path.stat()
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def cached_stat(write: dict[str, Any], path: Path) -> object:
    entry = write.get(str(path))
    return entry[0] if entry else None


def parsed_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        seen.append(str(args[2]))
        return parse_content(*args, **kwargs)

    monkeypatch.setattr(tui.library.loader, "parse_content", counting)
    return seen


@WATCHER
async def test_a_live_change_is_saved_to_the_cache_for_the_next_start(
    db_url: str,
    clock: FakeClock,
    content: Path,
    tmp_path: Path,
    cache_writes: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = tmp_path / "cache" / "index.json"
    path = content / "tracks" / "demo" / "demo-case.md"
    app = live_app(db_url, clock, [content], cache=cache)
    app.live.cache_save_delay = 0.05
    async with app.run_test(size=(120, 30)) as pilot:
        await start(pilot)
        assert len(cache_writes) == 1  # the first load
        retitle(path, OLD_TITLE, "Saved while running")
        # The editor's write (truncate, then write) may reach the watcher as two batches,
        # the first re-reading an empty file: wait for the cache to hold the final file.
        final = stat_key(path)
        await until(
            pilot, lambda: bool(cache_writes) and cached_stat(cache_writes[-1], path) == final
        )
        assert len(cache_writes) >= 2
        assert app.library.prompts["demo-case"].title == "Saved while running"
    parsed = parsed_paths(monkeypatch)
    library = ContentIndex([content], cache).load()
    assert parsed == []  # the changed file too came from the cache
    assert library.prompts["demo-case"].title == "Saved while running"


async def test_a_burst_of_changes_writes_the_cache_once(
    db_url: str,
    clock: FakeClock,
    content: Path,
    tmp_path: Path,
    cache_writes: list[dict[str, Any]],
) -> None:
    cache = tmp_path / "index.json"
    demo = content / "tracks" / "demo"
    app = live_app(db_url, clock, [content], watch=False, cache=cache)
    app.live.cache_save_delay = 0.5
    async with app.run_test(size=(120, 30)) as pilot:
        await start(pilot)
        for n in range(5):
            (demo / f"burst-{n}.md").write_text(NEW_PROMPT.replace("demo-new", f"burst-{n}"))
            await app.live.reread([demo / f"burst-{n}.md"])
        await until(pilot, lambda: len(cache_writes) == 2)
        # Nothing is left that could write again: no save waiting, none being written.
        await until(pilot, lambda: not cache_saves_pending(app))
        assert len(cache_writes) == 2
        assert {str(demo / f"burst-{n}.md") for n in range(5)} <= set(cache_writes[1])


def cache_saves_pending(app: CaseroomApp) -> bool:
    """A cache save is waiting out its delay (a worker) or being written (a thread)."""
    waiting = any(w.group == "content-cache" and w.is_running for w in app.workers)
    writing = any(t.name == "caseroom-cache" for t in threading.enumerate())
    return waiting or writing


async def test_live_problems_are_announced_without_escapes_or_bidi(
    db_url: str, clock: FakeClock, content: Path
) -> None:
    app = live_app(db_url, clock, [content], watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await start(pilot)
        path = content / "tracks" / "demo" / "x\x1b[2J\u202ey.md"
        path.write_text("no front matter\n")
        await app.live.reread([path])
        (notice,) = app.notices  # type: ignore[attr-defined]
        assert notice.startswith(str(content / "tracks" / "demo" / "xy.md:1: "))
