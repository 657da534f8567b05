"""The App's news reaches screens through its signals and CaseroomScreen's hooks: a new
library (every screen on the stack), the store open (the prologue, once, whether it opened
before or after the screen), and a quit a screen may hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.widgets import Static

from screens.base import CaseroomScreen
from screens.help import HelpScreen
from tests.pilot_helpers import settle
from tui.app import CaseroomApp
from tui.core.model import Library


class Follower(CaseroomScreen[None]):
    """Writes down every hook the App's news calls, and each time it is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[object] = []

    def compose(self) -> ComposeResult:
        yield Static("following", markup=False)

    def on_screen_resume(self) -> None:  # runs before the base class's handler
        self.seen.append("shown")

    def library_changed(self, library: Library) -> None:
        self.seen.append(library)

    def store_ready(self) -> None:
        self.seen.append("store")


class Holder(Follower):
    """A screen with unsaved input: it holds a quit and keeps the quit to call later."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[Callable[[], None]] = []

    def ask_before_quit(self, quit_app: Callable[[], None]) -> bool:
        self.asked.append(quit_app)
        return True


def held_store_app(make_app: Any) -> CaseroomApp:
    """An App whose store opens only when the test says so (`CaseroomApp.open_store`)."""
    app = make_app()
    app.open_store = lambda: None  # type: ignore[method-assign]
    return app  # type: ignore[no-any-return]


async def test_a_new_library_reaches_every_screen_on_the_stack_not_a_popped_one(
    make_app: Any,
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        under, popped = Follower(), Follower()
        await app.push_screen(under)
        await app.push_screen(popped)
        app.pop_screen()  # off the stack at once, removed a moment later
        library = Library()
        app.set_library(library)  # called as the watcher's re-read calls it
        assert under.seen[-1] is library
        assert library not in popped.seen
        await app.push_screen(Follower())
        await app.push_screen(HelpScreen())  # a modal on top, which shows no content
        newer = Library()
        app.set_library(newer)
        assert under.seen[-1] is newer


async def test_the_store_prologue_runs_once_when_the_store_opens_after_mount(
    make_app: Any,
) -> None:
    app = held_store_app(make_app)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert not app.store_available
        follower = Follower()
        await app.push_screen(follower)
        await settle(pilot)
        assert follower.seen == ["shown"]  # nothing to load yet
        CaseroomApp.open_store(app)
        await settle(pilot)
        assert app.store_available
        assert follower.seen == ["shown", "store"]


async def test_the_store_prologue_runs_once_at_mount_when_the_store_is_open(
    make_app: Any,
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.store_available
        follower = Follower()
        await app.push_screen(follower)
        await settle(pilot)
        # Loaded at mount; loaded again as Textual resumes the pushed screen, as before.
        assert follower.seen == ["store", "shown", "store"]
        await app.push_screen(HelpScreen())
        app.pop_screen()
        await settle(pilot)  # shown again: loaded again, not once more for the mount
        assert follower.seen == ["store", "shown", "store", "shown", "store"]


async def test_a_screen_that_holds_the_quit_is_asked_the_top_one_first(make_app: Any) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        below, above = Holder(), Holder()
        await app.push_screen(below)
        await app.push_screen(above)
        await app.push_screen(Follower())  # does not hold: the question comes from below it
        await app.action_quit()
        await pilot.pause()
        assert app.is_running
        assert len(above.asked) == 1 and below.asked == []
        assert app.return_code is None  # not asked to exit yet
        above.asked[0]()  # the person answered: quit
        assert app.return_code == 0


async def test_with_nothing_held_quit_exits_at_once(make_app: Any) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await app.push_screen(Follower())
        await app.action_quit()
        assert app.return_code == 0


async def test_a_hook_that_raises_still_stops_the_app(make_app: Any) -> None:
    class Broken(Follower):
        def library_changed(self, library: Library) -> None:
            raise RuntimeError("a bug in a hook")

    app = make_app()
    with pytest.raises(RuntimeError, match="a bug in a hook"):
        async with app.run_test() as pilot:
            await settle(pilot)
            await app.push_screen(Broken())
            app.set_library(Library())
            await pilot.pause()
