"""The first frame shows the tracks screen as last shown, and stale figures are corrected."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, OptionList, Static

from screens.tracks import TracksScreen
from tests.conftest import APP_CONTENT, FakeClock, make_config
from tests.pilot_helpers import settle, store_of
from tests.screens.test_live import until
from tui.app import AppConfig, CaseroomApp
from tui.core.records import AnswerProgress
from tui.library.loader import ContentIndex
from tui.services import first_screen


class HeldLibrary:
    """The real loader, held until the test lets it go: the first frame comes first."""

    def __init__(self, index: ContentIndex) -> None:
        self.index = index
        self.go = threading.Event()

    def load(self) -> Any:
        self.go.wait(30)
        return self.index.load()

    def apply_changes(self, paths: Any) -> Any:
        return self.index.apply_changes(paths)


def app_held(
    content: Path, db_url: str, clock: FakeClock, cache: Path
) -> tuple[CaseroomApp, HeldLibrary]:
    """An app whose library loads only once the test sets `held.go`."""
    app = app_on(content, db_url, clock, cache)
    held = HeldLibrary(ContentIndex([content], cache_path=cache))
    app.config.library_source = held
    return app, held


def rows(screen: Any) -> list[tuple[str, int, int]]:
    table = screen.query_one("#tracks-table", DataTable)
    found = []
    for n in range(table.row_count):
        title, prompts, attempts = table.get_row_at(n)
        found.append((str(title), prompts, attempts))
    return found


def copied_content(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the test library under `tmp_path`, and where its content cache goes."""
    content = tmp_path / "content"
    shutil.copytree(APP_CONTENT, content)
    return content, tmp_path / "cache" / "content-index.json"


def app_on(content: Path, db_url: str, clock: FakeClock, cache: Path) -> CaseroomApp:
    config = make_config(db_url, clock, [content], cache=cache)
    assert isinstance(config, AppConfig)
    return CaseroomApp(config)


async def test_first_frame_shows_the_last_screen_then_corrects_what_changed_meanwhile(
    tmp_path: Path, db_url: str, clock: FakeClock
) -> None:
    content, cache = copied_content(tmp_path)
    snapshot = cache.parent / "first-screen.json"

    app = app_on(content, db_url, clock, cache)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert rows(app.screen) == [("Demo Track", 2, 0)]
        await settle(pilot)
        assert snapshot.exists()
        # Between the two starts, another process submits an attempt...
        store = store_of(app)
        prompt = app.library.prompts["demo-case"]
        attempt = store.start_attempt(prompt, app.library.scaffolds[prompt.scaffold], 600)
        store.submit(attempt, AnswerProgress((), elapsed_s=60))
    # ... and a prompt is added to the track.
    demo = content / "tracks" / "demo"
    text = (demo / "demo-case.md").read_text()
    (demo / "demo-extra.md").write_text(text.replace("id: demo-case", "id: demo-extra"))
    assert json.loads(snapshot.read_text())["tracks"][0]["prompts"] == 2

    second, held = app_held(content, db_url, clock, cache)
    async with second.run_test(size=(120, 36)) as pilot:
        screen = second.screen
        assert isinstance(screen, TracksScreen)
        # The first frame, before the library or the store answered: the last figures.
        assert not second.library_loaded
        assert rows(screen) == [("Demo Track", 2, 0)]
        assert screen.query_one("#next-up", OptionList).option_count > 0
        status = str(screen.query_one("#tracks-status", Static).content)
        assert status == "2 prompts in 1 track"
        # Right after the first frame the database is read directly (no sqlmodel, no
        # store): the attempt made since is counted while the library and store are
        # still on their way.
        await until(pilot, lambda: rows(screen) == [("Demo Track", 2, 1)])
        assert not second.library_loaded and not second.store_available
        held.go.set()
        await settle(pilot)
        await settle(pilot)
        assert rows(screen) == [("Demo Track", 3, 1)]
        assert str(screen.query_one("#tracks-status", Static).content) == "3 prompts in 1 track"
    assert json.loads(snapshot.read_text())["tracks"][0]["prompts"] == 3


def test_a_snapshot_of_other_folders_or_a_damaged_one_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "first-screen.json"
    key = first_screen.snapshot_key([tmp_path], "sqlite:///a.db")
    shown = first_screen.FirstScreen(
        key, [first_screen.TrackLine("t", "T", 1, 2, "# T")], "1 prompt in 1 track"
    )
    assert first_screen.save(path, shown)
    assert first_screen.load(path, key) == shown
    assert first_screen.load(path, first_screen.snapshot_key([tmp_path], "sqlite:///b.db")) is None
    path.write_text('{"version": 2, "key": ' + json.dumps(key) + ', "tracks": [{"id": 3}]}')
    assert first_screen.load(path, key) is None
    path.write_text("not json")
    assert first_screen.load(path, key) is None


async def test_keys_pressed_on_the_first_frame_are_answered_once_the_library_arrives(
    tmp_path: Path, db_url: str, clock: FakeClock
) -> None:
    """The first frame is painted from the last start's figures before the library has
    loaded; enter pressed on it then (a track, or a Next up row) is kept and answered when
    the library arrives, never dropped and never told "no longer in the library"."""
    from screens.practice import PracticeScreen
    from screens.prompts import PromptsScreen

    content, cache = copied_content(tmp_path)
    # The very first start has no figures to paint: its table is empty until the library
    # arrives, and enter on it is kept all the same.
    cases = [
        (["enter"], PromptsScreen),
        (["enter"], PromptsScreen),
        (["tab", "enter"], PracticeScreen),
    ]
    for number, (keys, opened) in enumerate(cases):
        assert (cache.parent / "first-screen.json").exists() == (number > 0)
        again, held = app_held(content, db_url, clock, cache)
        async with again.run_test(size=(120, 36)) as pilot:
            assert not again.library_loaded
            await pilot.press(*keys)
            assert isinstance(again.screen, TracksScreen)  # nothing to open it with yet
            held.go.set()
            await settle(pilot)
            await settle(pilot)
            assert isinstance(again.screen, opened), keys
            assert not [n for n in again._notifications if "no longer" in n.message]
            await pilot.press("escape")
            await settle(pilot)


async def test_a_story_suggestion_is_remembered_as_the_list_shows_it(
    tmp_path: Path, db_url: str, clock: FakeClock
) -> None:
    """Next up with a coverage gap (no prompt behind it) is still written down, and the
    next first frame offers the same options under the same ids (enter on one opens it)."""
    content = tmp_path / "content"
    shutil.copytree(APP_CONTENT, content)
    (content / "competencies").mkdir()
    (content / "competencies" / "candor.md").write_text(
        "---\ntitle: Candor\ntracks: [demo]\n---\nSaying the hard thing.\n"
    )
    (content / "tracks" / "demo" / "beh-candor.md").write_text(
        "---\ntitle: Saying the hard thing\nkind: behavioral\nscaffold: timed-story\n"
        "minutes: 4\ncategory: values\ncompetencies: [candor]\n---\nTell me about it.\n"
    )
    cache = tmp_path / "cache" / "content-index.json"
    snapshot = cache.parent / "first-screen.json"

    app = app_on(content, db_url, clock, cache)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TracksScreen)
        assert any(item.source == "story-gap" for item in screen.next_up)
        shown = options_of(screen)
        await settle(pilot)
    assert snapshot.exists()

    second, held = app_held(content, db_url, clock, cache)
    async with second.run_test(size=(120, 36)) as pilot:
        assert not second.library_loaded
        assert options_of(second.screen) == shown
        held.go.set()
        await settle(pilot)


def options_of(screen: Any) -> list[tuple[str | None, str]]:
    options = screen.query_one("#next-up", OptionList)
    found = []
    for n in range(options.option_count):
        option = options.get_option_at_index(n)
        found.append((option.id, str(option.prompt)))
    return found


async def test_a_database_gone_since_the_last_start_is_said_not_silently_replaced(
    tmp_path: Path, clock: FakeClock
) -> None:
    """The file held attempts when caseroom last showed them (the first-screen snapshot
    says so); at the next start it is gone. SQLite makes a new, empty one in its place: the
    person is told where, how many attempts the old one held, and what to do."""
    content, cache = copied_content(tmp_path)
    db = tmp_path / "data" / "caseroom.db"
    db.parent.mkdir()
    url = f"sqlite:///{db}"
    app = app_on(content, url, clock, cache)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        store = store_of(app)
        prompt = app.library.prompts["demo-case"]
        attempt = store.start_attempt(prompt, app.library.scaffolds[prompt.scaffold], 600)
        store.submit(attempt, AnswerProgress((), elapsed_s=60))
        await app.push_screen(TracksScreen())  # shown again: the snapshot has the attempt
        await settle(pilot)
        await settle(pilot)
    assert json.loads((cache.parent / "first-screen.json").read_text())["tracks"][0]["attempts"]
    for leftover in db.parent.iterdir():
        leftover.unlink()

    again = app_on(content, url, clock, cache)
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await settle(pilot)
        gone = [n.message for n in again._notifications if "No database was found" in n.message]
        assert len(gone) == 1, [n.message for n in again._notifications]
        assert str(db) in gone[0] and "1 submitted attempt" in gone[0]
    # A start with nothing lost says nothing.
    third = app_on(content, url, clock, cache)
    async with third.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not [n for n in third._notifications if "No database" in n.message]


async def test_an_idle_tracks_screen_reads_the_file_and_leaves_the_store_closed(
    tmp_path: Path, db_url: str, clock: FakeClock
) -> None:
    """The tracks screen's figures (attempt counts, Next up) are read from the SQLite file
    directly: the store (sqlmodel, ~30 MiB) opens only when another screen needs it, and
    then tells the same."""
    content, cache = copied_content(tmp_path)
    app = app_on(content, db_url, clock, cache)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        # No file yet: the first start opens the store, which makes it.
        assert app.store_available
        store = store_of(app)
        prompt = app.library.prompts["demo-case"]
        attempt = store.start_attempt(prompt, app.library.scaffolds[prompt.scaffold], 600)
        store.submit(attempt, AnswerProgress((), elapsed_s=60))

    second = app_on(content, db_url, clock, cache)
    async with second.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = second.screen
        assert isinstance(screen, TracksScreen)
        await until(pilot, lambda: screen.figures_checked)
        assert rows(screen) == [("Demo Track", 2, 1)]
        read_from_the_file = options_of(screen)
        assert read_from_the_file and read_from_the_file[0][0]
        await settle(pilot)
        assert not second.store_available
        await pilot.press("h")  # history needs the store: it opens
        await until(pilot, lambda: second.store_available)
        await settle(pilot)
        assert second.screen.query_one("#history-table", DataTable).row_count == 1
        await pilot.press("escape")
        await settle(pilot)
        assert second.screen is screen and screen._counts_known
        assert rows(screen) == [("Demo Track", 2, 1)]
        assert options_of(screen) == read_from_the_file


async def test_figures_the_first_frame_showed_right_are_not_drawn_again(
    tmp_path: Path, db_url: str, clock: FakeClock
) -> None:
    """When the library and the database say what the first frame already shows, nothing
    on the screen is cleared and filled again: each refill laid the whole screen out anew
    (15-35 ms apiece on the UI thread) in the second after the first frame."""
    content, cache = copied_content(tmp_path)
    first = app_on(content, db_url, clock, cache)
    async with first.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: (cache.parent / "first-screen.json").exists())

    second, held = app_held(content, db_url, clock, cache)
    async with second.run_test(size=(120, 36)) as pilot:
        screen = second.screen
        assert isinstance(screen, TracksScreen)
        shown = (rows(screen), options_of(screen))
        redrawn: list[str] = []

        def recorded(widget: Any, method: str) -> None:
            original = getattr(widget, method)

            def call(*args: Any, **kwargs: Any) -> Any:
                redrawn.append(f"{widget.id}.{method}")
                return original(*args, **kwargs)

            setattr(widget, method, call)

        recorded(screen.query_one("#tracks-table"), "clear")
        recorded(screen.query_one("#next-up"), "clear_options")
        recorded(screen.query_one("#tracks-status"), "update")
        recorded(screen.query_one("#plan-line"), "update")
        held.go.set()
        await until(pilot, lambda: screen.figures_checked)
        await settle(pilot)
        assert (rows(screen), options_of(screen)) == shown
        assert redrawn == []
