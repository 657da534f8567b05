"""Nothing typed is lost, whatever happens to the disk: through the real app, with the
fault real (the data folder removed under it, a full tmpfs, a read-only bind mount, a
database that never opens)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from screens.confirm import QuitUnsavedScreen
from screens.practice import PracticeScreen
from screens.prompts import PromptsScreen
from screens.review import ReviewScreen
from tests.conftest import FakeClock
from tests.pilot_helpers import settle, store_of, submit_answer, type_burst
from tests.screens.test_app_loop import open_demo_case

SIZE = (100, 30)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def notices(app: Any) -> list[str]:
    return [str(note.message) for note in app._notifications]


def rescued(practice: PracticeScreen) -> str:
    assert practice.rescue_path is not None, "the answer was not copied to the rescue folder"
    return practice.rescue_path.read_text(encoding="utf-8")


async def save_now(pilot: Pilot[Any], practice: PracticeScreen, clock: FakeClock) -> None:
    """Let autosave's pacing come due and the writer run."""
    clock.advance(1)
    practice.tick()
    practice.autosave.flush(5)
    await settle(pilot)


async def answer_saved(pilot: Pilot[Any], clock: FakeClock, text: str) -> PracticeScreen:
    """Open the demo case, type `text` and see it saved: the scene before the fault."""
    practice = await open_demo_case(pilot)
    await pilot.press(*text)
    await save_now(pilot, practice, clock)
    assert practice.autosave.status() == "saved"
    return practice


# -- 1. the data folder deleted while the app runs -------------------------------------------


async def test_the_data_folder_deleted_while_typing_is_said_and_the_answer_rescued(
    make_app: Any, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    database = data / "caseroom.db"
    app = make_app(url=f"sqlite:///{database}")
    async with app.run_test(size=SIZE) as pilot:
        practice = await answer_saved(pilot, clock, "saved part ")
        shutil.rmtree(data)
        await pilot.press(*"typed after")
        await save_now(pilot, practice, clock)
        # Not "saved": the failure, in words, and the text copied by itself.
        assert practice.autosave.status().startswith("NOT SAVED")
        assert app.store_lost_error is not None
        assert "saved part typed after" in rescued(practice)
        said = " ".join(notices(app))
        assert "deleted or replaced" in said and str(practice.rescue_path) in said
        # Submit does not "succeed" into the vanished file; the text stays on screen.
        await submit_answer(pilot)
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen) and not practice.submitted
        assert practice.editors[0].text == "saved part typed after"
        # Leaving never says "Kept".
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")
        await settle(pilot)
        assert not any(note.startswith("Kept") for note in notices(app))
        assert any(note.startswith("Not kept") for note in notices(app))
    assert not database.exists(), "a new empty database was made mid-run"


async def test_a_deleted_database_is_noticed_while_nothing_is_typed(
    make_app: Any, clock: FakeClock, tmp_path: Path
) -> None:
    """The App's periodic check: the answer saved into the now unlinked file is copied."""
    data = tmp_path / "data"
    app = make_app(url=f"sqlite:///{data / 'caseroom.db'}")
    async with app.run_test(size=SIZE) as pilot:
        practice = await answer_saved(pilot, clock, "all of it saved")
        (data / "caseroom.db").unlink()
        (data / "caseroom.db").write_bytes(b"")  # another file in its place
        app._check_store_file()
        await settle(pilot)
        assert app.store_lost_error is not None
        assert "all of it saved" in rescued(practice)
        assert practice.autosave.status().startswith("NOT SAVED")
        # Said once, though the check and every later job find it again.
        app._check_store_file()
        await pilot.press(*" more")
        await save_now(pilot, practice, clock)
        lost = [n for n in notices(app) if "deleted or replaced" in n]
        assert len(lost) == 1
        assert "all of it saved more" in rescued(practice)
    assert (data / "caseroom.db").read_bytes() == b""


# -- 2. a full disk (a 1 MiB tmpfs) ------------------------------------------------------------


def mount_or_skip(*args: str) -> None:
    """`mount args`, or skip the test where this machine does not allow it (not root)."""
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting needs root")
    done = subprocess.run(["mount", *args], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.decode().strip()}")


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted for the test (root only: the machine's own tmpfs, not a fake)."""
    mount = tmp_path / "small"
    mount.mkdir()
    mount_or_skip("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount))
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> None:
    """Fill the file system holding `folder` to the last byte."""
    try:
        with (folder / "filler").open("wb") as stream:
            for size in (65536, 1):
                try:
                    while True:
                        stream.write(b"\0" * size)
                        stream.flush()
                except OSError:
                    pass
    except OSError:
        pass  # full already
    assert os.statvfs(folder).f_bavail == 0


async def test_a_full_disk_asks_before_quitting_and_the_copy_is_written(
    make_app: Any, clock: FakeClock, small_tmpfs: Path
) -> None:
    app = make_app(url=f"sqlite:///{small_tmpfs / 'caseroom.db'}")
    async with app.run_test(size=SIZE) as pilot:
        practice = await answer_saved(pilot, clock, "fits")
        fill(small_tmpfs)
        # More than the whole disk: no room left in the WAL for it, whatever its size. In
        # lines of a screen's width: one 1.2 MB line costs the text box half a minute to wrap.
        await type_burst(pilot, "\n".join([" and a long paragraph" * 4] * 15_000))
        await save_now(pilot, practice, clock)
        assert practice.autosave.status().startswith("NOT SAVED")
        assert rescued(practice).count("a long paragraph") == 60_000
        await pilot.press("ctrl+q")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, QuitUnsavedScreen)
        assert str(practice.rescue_path) in question.where
        await pilot.press("escape")  # stay: the answer is still there
        await settle(pilot)
        assert app.screen is practice
        await pilot.press(*" end")
        await pilot.press("ctrl+q")
        await settle(pilot)
        started = time.monotonic()
        await pilot.press("q")
        await settle(pilot)
        quit_took = time.monotonic() - started
    assert app.return_code == 0
    assert "a long paragraph end\n" in rescued(practice)
    print(f"quit on a full disk: {quit_took:.2f} s")


# -- 2 and 8. a read-only database folder (a read-only bind mount) ------------------------------


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a WAL database with two submitted attempts, then bound read-only."""
    folder = tmp_path / "ro"
    folder.mkdir()
    from tests.store.test_store_failures import make_db

    make_db(folder / "caseroom.db", "first answer")
    make_db(folder / "caseroom.db", "second answer")
    assert (folder / "caseroom.db").read_bytes()[18:20] == b"\x02\x02", "not in WAL mode"
    mount_or_skip("--bind", str(folder), str(folder))
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


async def test_a_read_only_wal_database_shows_its_history_and_keeps_nothing_falsely(
    make_app: Any, clock: FakeClock, read_only_folder: Path
) -> None:
    from tests.store.test_store_failures import PROMPT
    from tui.core.records import HistoryQuery

    app = make_app(url=f"sqlite:///{read_only_folder / 'caseroom.db'}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.gate.read_only
        assert any("opened read-only" in note for note in notices(app))
        history = store_of(app).attempts(HistoryQuery())
        assert [a.prompt_id for a in history] == [PROMPT.id, PROMPT.id]
        practice = await open_demo_case(pilot)
        await pilot.press(*"cannot be kept")
        await save_now(pilot, practice, clock)
        assert practice.autosave.status().startswith("NOT SAVED")
        assert "cannot be kept" in rescued(practice)
        # Item 7: no promise to submit "as soon as the database is open".
        await submit_answer(pilot)
        await settle(pilot)
        said = " ".join(notices(app))
        assert "Submitting as soon" not in said and "Cannot submit" in said
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        assert not any(note.startswith("Kept") for note in notices(app))
        assert any(note.startswith("Not kept") for note in notices(app))


# -- 7. the database failed to open -------------------------------------------------------------


async def test_submit_when_the_database_failed_to_open_says_so_and_offers_a_copy(
    make_app: Any, clock: FakeClock, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    app = make_app(url=f"sqlite:///{broken}")
    async with app.run_test(size=SIZE) as pilot:
        practice = await open_demo_case(pilot)
        assert app.gate.failed is not None
        await pilot.press(*"typed anyway")
        await save_now(pilot, practice, clock)
        await submit_answer(pilot)
        await settle(pilot)
        said = " ".join(notices(app))
        assert "Submitting as soon" not in said
        assert "Cannot submit" in said and "ctrl+o" in said
        assert "typed anyway" in rescued(practice)
        assert not isinstance(app.screen, ReviewScreen)
        # ctrl+q asks, naming the copy; ctrl+q again quits.
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, QuitUnsavedScreen)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0


# -- 8. the same notice once; F2 ----------------------------------------------------------------


async def test_the_same_notice_is_shown_once_at_a_time(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(4):
            app.notify("The disk is full.", severity="error", timeout=10)
        app.notify("Something else.", severity="error", timeout=10)
        await pilot.pause()
        assert notices(app).count("The disk is full.") == 1
        assert "Something else." in notices(app)


async def test_the_start_up_notice_about_content_problems_names_f2(
    make_app: Any, root: Path
) -> None:
    (root / "tracks" / "broken.md").write_text("---\nid: [unclosed\n---\n", encoding="utf-8")
    app = make_app(content=[root])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        problem_notes = [n for n in notices(app) if "content file problem" in n]
        assert problem_notes and all("F2" in n and "F1" not in n for n in problem_notes)
