"""Issue 13: `e` on a bundled prompt asks its own question, with honest labels: copy it to
my folder and edit the copy, edit the installed file, or cancel; by key and by mouse."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from textual.widgets import Button

from screens.bundled_edit import BundledEditScreen
from screens.prompts import PromptsScreen
from tests.conftest import APP_CONTENT, FakeClock
from tests.pilot_helpers import settle
from tests.screens.test_live import _no_suspend, live_app, open_prompts, until

RELATIVE = Path("tracks") / "demo" / "demo-case.md"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """An installed (bundled) library and an empty folder of the user's own."""
    bundled = tmp_path / "installed"
    shutil.copytree(APP_CONTENT, bundled)
    mine = tmp_path / "mine"
    mine.mkdir()
    return bundled, mine


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("c", "copy"),
        ("#copy", "copy"),
        ("i", "installed"),
        ("#installed", "installed"),
        ("escape", None),
        ("#cancel", None),
    ],
)
async def test_each_choice_of_the_bundled_edit_question(
    db_url: str,
    clock: FakeClock,
    folders: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    expected: str | None,
) -> None:
    bundled, mine = folders
    record = tmp_path / "opened.txt"
    program = tmp_path / "fake_editor.py"
    program.write_text(
        f"import sys, pathlib\npathlib.Path({str(record)!r}).write_text(sys.argv[-1])\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {program}")
    monkeypatch.delenv("VISUAL", raising=False)
    app = live_app(db_url, clock, [bundled, mine], watch=False, user=mine)
    app.config.bundled_content_dir = bundled
    monkeypatch.setattr(app, "suspend", lambda: _no_suspend())  # headless cannot suspend
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_prompts(pilot)
        await pilot.press(*"busy")
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, BundledEditScreen))
        dialog = app.screen
        await until(pilot, lambda: bool(dialog.query(Button)))
        labels = [str(button.label) for button in dialog.query(Button)]
        assert labels == [
            "Copy to my folder and edit [c]",
            "Edit the installed file [i]",
            "Cancel [esc]",
        ]
        box = dialog.query_one("#bundled-edit-dialog").region
        for button in dialog.query(Button):  # every choice in sight at 80x24, none cut
            assert box.contains_region(button.region)
        if how.startswith("#"):
            await pilot.click(how)
        else:
            await pilot.press(how)
        await until(pilot, lambda: app.screen is screen)
        copy = mine / RELATIVE
        if expected == "copy":
            await until(pilot, record.exists)
            assert record.read_text() == str(copy)
            assert copy.read_text() == (bundled / RELATIVE).read_text()
        elif expected == "installed":
            await until(pilot, record.exists)
            assert Path(record.read_text()).resolve() == (bundled / RELATIVE).resolve()
            assert not copy.exists()
        else:
            await pilot.pause()
            assert not record.exists() and not copy.exists()
    assert isinstance(screen, PromptsScreen)


async def test_the_app_survives_the_library_change_an_edit_brings(
    db_url: str,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the first screen remembered (a cache path set, as in use), Next up's story cards
    once raised a KeyError on the library change after an edit from the prompts list."""
    from tui.paths import bundled_content_dir

    mine = tmp_path / "mine"
    mine.mkdir()
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.delenv("VISUAL", raising=False)
    cache = tmp_path / "cache" / "content.json"
    app = live_app(
        db_url, clock, [bundled_content_dir(), mine], watch=False, user=mine, cache=cache
    )
    app.config.bundled_content_dir = bundled_content_dir()
    monkeypatch.setattr(app, "suspend", lambda: _no_suspend())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_prompts(pilot)
        before = app.library
        await pilot.press("ctrl+e", "c")
        await until(pilot, lambda: app.library is not before)
        await settle(pilot)
        assert app.screen is screen and app.is_running
        shown = json.loads((cache.parent / "first-screen.json").read_text())
        assert shown["next_up"]  # remembered for the next start
