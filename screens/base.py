"""Base classes for caseroom's screens: typed access to the running App, and the hooks
through which a screen follows the App's news (a new library, the store open, a quit).

A screen overrides the hooks it needs; every one has a default that does nothing:

- `library_changed(library)`: a new snapshot (files changed on disk), for every
  screen on the stack, not only the one on top. A screen reads `caseroom.library` itself
  at mount (what it needs from it differs from screen to screen).
- `store_ready()`: load what the screen shows from the store. Called at mount if the store
  is open, else once it opens (the prologue every store-backed screen shared), and again
  whenever the screen comes back on top with the store open (counts may have changed).
  The store opens when first needed: mounting a screen that overrides this hook asks the
  App to open it (`opens_store`).
- `store_lost(error)`: the database file was deleted or replaced while caseroom ran;
  nothing more can be saved (a screen holding unsaved text copies it somewhere safe).
- `ask_before_quit(quit_app)`: ctrl+q with unsaved input: ask first and return True (the
  answer decides, calling `quit_app` or not); False lets the App quit at once.

The names are not Textual's `on_*`: Textual would take `on_store_ready` for a handler of
the App's `StoreReady` message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events, on
from textual._context import active_message_pump
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from textual.css.stylesheet import Stylesheet
    from textual.signal import Signal

    from tui.app import CaseroomApp, QuitRequest
    from tui.core.model import Library

ResultT = TypeVar("ResultT")
PayloadT = TypeVar("PayloadT")

#: Where the screens' stylesheets live: each screen names its own in `STYLES`.
STYLES_DIR = Path(__file__).parent / "styles"


def add_screen_styles(stylesheet: Stylesheet, screen_class: type[Screen[Any]]) -> None:
    """Add the stylesheets that `screen_class` and its bases name in `STYLES` to the App's
    stylesheet, each once, its rules scoped to the class that names it.

    The App calls this as a screen is first shown (tui.app.app): the first frame parses
    the CSS of the tracks screen alone, not of all thirty, and matches its widgets against
    those rules only (parsing went from ~17.5 to ~13.7 ms, the first frame ~5 ms sooner,
    bench/startup.py 1.16-1.34x -> 1.04-1.22x). A sheet added here weighs as caseroom.tcss
    does, not as a widget's DEFAULT_CSS. Textual's own CSS_PATH on a screen would parse
    every sheet again and restyle every widget of the App at a screen's first showing;
    here only the new sheet is parsed, and (scoped) it reaches only the new screen's widgets.
    A sheet has no comma lists of selectors: Textual scopes only a list's last selector.
    Rules that several screens share stay in caseroom.tcss.
    """
    for cls in screen_class.__mro__:
        for name in cls.__dict__.get("STYLES", ()):
            path = STYLES_DIR / name
            if not stylesheet.has_source(str(path), cls.__name__):
                stylesheet.add_source(
                    path.read_text(encoding="utf-8"),
                    read_from=(str(path), cls.__name__),
                    is_default_css=False,
                    scope=cls.__name__,  # its CSS type name
                )


class CaseroomScreen(Screen[ResultT]):
    """A full screen of caseroom."""

    #: This screen's stylesheets in screens/styles/ (`add_screen_styles`).
    STYLES: ClassVar[tuple[str, ...]] = ()

    @property
    def caseroom(self) -> CaseroomApp:
        """The App, typed: its library, its store access (`db`) and its config."""
        return cast("CaseroomApp", self.app)

    # -- the App's news: hooks a screen overrides ------------------------------------------

    def library_changed(self, library: Library) -> None:
        """A new library snapshot: show it. Nothing by default."""

    def store_ready(self) -> None:
        """The store is open: load what this screen shows from it. Nothing by default."""

    def store_lost(self, error: Exception) -> None:
        """The database file is gone (or another took its place). Nothing by default."""

    def ask_before_quit(self, quit_app: Callable[[], None]) -> bool:
        """ctrl+q: True if this screen asked first (the answer calls `quit_app` or not);
        False, the default, lets the App quit at once."""
        return False

    # -- how the hooks are called -----------------------------------------------------------

    def once_library_loaded(self, action: Callable[[], object]) -> bool:
        """Keep a key that needs the library until the first one has loaded.

        The first frame is painted from the last start's figures (tui.services.first_screen)
        before the library has loaded; enter pressed on it would find nothing to open and
        be dropped. Before the first load, `action` is kept (only the latest: a second
        press replaces it) and run once the library arrives, and True is returned; after
        it, False: the caller goes on at once.
        """
        if self.caseroom.library_loaded:
            return False
        self._waiting_for_library = action
        return True

    _waiting_for_library: Callable[[], object] | None = None

    def _library_arrived(self, library: Library) -> None:
        self.library_changed(library)
        waiting, self._waiting_for_library = self._waiting_for_library, None
        if waiting is not None and self.app.screen is self:
            waiting()

    # A distinct name under `@on`: Textual calls each class's Mount handler along the MRO,
    # the subclass's `on_mount` first, so the prologue runs after the screen has set up
    # what its loaders fill, as every screen's own last line used to.
    @on(events.Mount)
    def _follow_the_app(self) -> None:
        app = self.caseroom
        self._follow(app.library_signal, self._library_arrived)
        self._follow(app.store_ready_signal, lambda _none: self.store_ready())
        self._follow(app.quit_signal, self._offer_quit_question)
        self._follow(app.store_lost_signal, self.store_lost)
        if app.store_available:
            self.store_ready()
        elif self.opens_store():
            app.want_store()

    def opens_store(self) -> bool:
        """Whether this screen, as it mounts, opens the store (which opens when first
        needed): one that loads from it (overrides `store_ready`) does."""
        return type(self).store_ready is not CaseroomScreen.store_ready

    @on(events.ScreenResume)
    def _shown_again(self) -> None:
        # Also right after the first mount: Textual resumes every screen it pushes.
        if self.caseroom.store_available:
            self.store_ready()

    def _follow(self, signal: Signal[PayloadT], hook: Callable[[PayloadT], object]) -> None:
        """Call `hook` when the App publishes on `signal`, at once, while on the stack.

        Immediate, as the App's own loop over the stack was: the hook runs inside the
        App's handler, before anything else happens. A screen popped but not yet removed
        is off the stack and no longer follows. Textual's Signal logs and drops a
        callback's exception; passed on to the App instead, a bug in a hook still stops
        the app with its traceback (and fails the test), as before.
        """

        def deliver(payload: PayloadT) -> None:
            if self not in self.app.screen_stack:
                return
            try:
                hook(payload)
            except Exception as error:
                self.app._handle_exception(error)

        signal.subscribe(self, deliver, immediate=True)

    def _offer_quit_question(self, request: QuitRequest) -> None:
        request.offer(self.app.screen_stack.index(self), self.ask_before_quit)

    def request_leave(self, then: Callable[[], object]) -> None:
        """Leave this screen for `then` (the palette's "Go:", "Practise:" and "Round:").

        Nothing to ask here, so `then` runs at once. A screen that asks before it is left
        (an answer in progress) overrides this to call `leave_then(then, its_leave_action)`.
        """
        then()

    def leave_then(self, then: Callable[[], object], ask: Callable[[], object]) -> None:
        """Run `ask`, this screen's own way out, which may put a question on top; `then`
        runs once this screen has closed, and never if the person chose to stay."""
        app = self.app
        # The question's answer comes as a callback on the pump that asked it (this one).
        asker = active_message_pump.get()
        ask()
        if self not in app.screen_stack:  # left at once: nothing needed asking
            then()
            return
        if app.screen is self:  # it did not leave and asked nothing
            return
        pending = True

        def went_back(_screen: object) -> None:
            nonlocal pending
            if pending and app.screen is self:  # the question closed
                pending = False
                # Queued behind the callback that handles the answer (keep, discard, stay).
                asker.call_next(check)

        def check() -> None:
            if self not in app.screen_stack:
                then()

        app.screen_change_signal.subscribe(self, went_back, immediate=True)


class CaseroomModal(ModalScreen[ResultT]):
    """A modal of caseroom."""

    #: This modal's stylesheets in screens/styles/ (`add_screen_styles`).
    STYLES: ClassVar[tuple[str, ...]] = ()

    @property
    def caseroom(self) -> CaseroomApp:
        """The App, typed: its library, its store access (`db`) and its config."""
        return cast("CaseroomApp", self.app)
