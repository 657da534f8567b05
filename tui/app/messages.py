"""What the App's background work reports, and what the App tells screens.

Two messages come from the App's own thread workers to the App (`LibraryLoaded`,
`StoreReady`). The App passes news on to screens through three signals
(`CaseroomApp.library_signal`, `store_ready_signal`, `quit_signal`); screens follow them
through the hooks of `screens.base.CaseroomScreen`. `QuitRequest` is the quit signal's
payload: it lets a screen with unsaved input hold the quit and ask first.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from tui.core.model import Library

#: A screen's question before the App quits: given the quit, it returns True if it asked
#: (the answer then decides, and may quit), False to let the App quit at once.
QuitAsker = Callable[[Callable[[], None]], bool]


class LibraryLoaded(Message):
    """A new library snapshot is ready (first load, or after files changed)."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library


class StoreReady(Message):
    """The database is open: screens may ask for counts and history."""


class StoreWanted(Message):
    """A job reached the database gate before the store was asked to open (a writer's
    thread): the App opens it."""


class QuitRequest:
    """ctrl+q (or the palette's Quit), published to the screens before the App exits.

    Each screen on the stack offers its question (`offer`); the App then asks them, the
    top of the stack first, until one holds the quit (`held`). Asked in stack order, not
    in the order the signal reached them, so the screen the person sees asks first.
    """

    def __init__(self, quit_app: Callable[[], None]) -> None:
        self.quit_app = quit_app
        self._askers: list[tuple[int, QuitAsker]] = []

    def offer(self, depth: int, ask: QuitAsker) -> None:
        """A screen `depth` deep in the stack (0 is the bottom) may ask before the quit."""
        self._askers.append((depth, ask))

    def held(self) -> bool:
        """Ask, the topmost screen first: True once one held the quit (it asked)."""
        for _depth, ask in sorted(self._askers, key=lambda offer: offer[0], reverse=True):
            if ask(self.quit_app):
                return True
        return False
