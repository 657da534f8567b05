"""The caseroom App: wiring, bindings and the two background services (content and store).

The App stays thin. Its configuration is tui/app/config.py, what it reports and tells
screens tui/app/messages.py; screens live in `screens/`, logic in the layers under `tui/`.
Nothing heavy is imported here: the content loader is imported inside a thread worker
started after the first frame, and the store (sqlmodel, ~0.35 s and ~30 MiB) only once
something needs it (`want_store`): the first screen reads its figures without it.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.signal import Signal

from screens.base import add_screen_styles
from tui.app import preferences
from tui.app.config import AppConfig, LibrarySource
from tui.app.live import LiveContent
from tui.app.messages import LibraryLoaded, QuitRequest, StoreReady, StoreWanted
from tui.app.notices import NoticesApp
from tui.core.model import Library, Problem
from tui.paths import sqlite_path
from tui.services.gate import Job, StoreGate, is_file_lost

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.theme import Theme

T = TypeVar("T")

#: The interpreter's thread switch interval during start-up, and Python's default after.
START_SWITCH_INTERVAL_S = 0.001
DEFAULT_SWITCH_INTERVAL_S = 0.005

#: How often the App checks that the database file is still the one it opened (every
#: transaction checks too; this catches it while nothing is being saved).
FILE_CHECK_S = 2.0


class CaseroomApp(NoticesApp):
    """A terminal practice room for structured interviews."""

    TITLE = "caseroom"
    # Absolute, so subclasses defined elsewhere (tests, benchmarks) find it too.
    CSS_PATH = Path(__file__).parent / "caseroom.tcss"
    COMMANDS = App.COMMANDS | {lambda: _commands_provider()}
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="Keys and where your files live"),
        # "app.quit", as the tracks screen's q: the footer shows one key per action.
        Binding("ctrl+q", "app.quit", "Quit", id="quit", priority=True, tooltip="Quit caseroom"),
        Binding(
            "f2", "problems", "Problems", id="problems", tooltip="Content files that did not load"
        ),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.library = Library()
        self.library_loaded = False
        #: The database, once open: every job of every screen and writer thread goes
        #: through it (`db` for screens, `gate.run` on a writer's own thread). It opens
        #: when first needed (`want_store`), from a writer's thread too.
        self.gate = StoreGate(wanted=self._store_wanted_by_a_thread)
        self._store_wanted = False
        # Attempts started in this run: never offered back as "left unfinished last time".
        self.session_attempts: set[int] = set()
        #: The connected person coaches (the server says so, once the store is open).
        self.is_coach = False
        self.live = LiveContent(self)
        # What screens follow (through screens.base.CaseroomScreen's hooks): a new library
        # snapshot, the store having opened, a quit that a screen may hold.
        self.library_signal: Signal[Library] = Signal(self, "library")
        self.store_ready_signal: Signal[None] = Signal(self, "store-ready")
        self.quit_signal: Signal[QuitRequest] = Signal(self, "quit")
        # config.toml: its keys and theme apply from the first frame; what is wrong in it
        # (and in --theme) is listed in F2 with its line, and the default stands in.
        self.settings_problems: list[Problem] = list(config.settings_problems)
        self.set_keymap(config.settings.keymap)
        self.settings_problems += preferences.start_theme(self)
        self._remembered_theme = self.theme
        #: The database file was deleted or replaced while running (said once).
        self.store_lost_signal: Signal[Exception] = Signal(self, "store-lost")
        self.store_lost_error: Exception | None = None

    # -- start-up ---------------------------------------------------------------------

    def on_mount(self) -> None:
        # Immediate: notices raised in the same step as the change are still on their way.
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def get_default_screen(self) -> Any:
        from screens.tracks import TracksScreen
        from tui.services import first_screen

        path = self.first_screen_path
        # The tracks screen as last shown: its first frame is whole (checked right after).
        first = first_screen.load(path, self.first_screen_key) if path else None
        self.attempts_last_shown = sum(line.attempts for line in first.tracks) if first else 0
        add_screen_styles(self.stylesheet, TracksScreen)
        return TracksScreen(first)

    def get_screen(self, screen: Any, screen_class: Any = None) -> Any:
        """As Textual's, and the screen's own stylesheets are added (screens.base,
        `add_screen_styles`): every screen shown goes through here before it is styled."""
        found = super().get_screen(screen, screen_class)
        add_screen_styles(self.stylesheet, type(found))
        return found

    #: Submitted attempts the last start's first-screen snapshot counted (0 without one): a
    #: database file missing now, after it held some, is said (`_say_the_file_went`).
    attempts_last_shown = 0

    @property
    def first_screen_path(self) -> Path | None:
        """Where the first screen's snapshot lives: beside the content cache, if any."""
        cache = self.config.cache_path
        return cache.parent / "first-screen.json" if cache is not None else None

    @property
    def first_screen_key(self) -> str:
        from tui.services.first_screen import snapshot_key

        return snapshot_key(self.config.content_dirs, self.config.db_url)

    def on_ready(self) -> None:
        # Everything so far (modules, classes, the first screen) lives as long as the app:
        # out of the collector's reach, a full collection no longer walks it (one right
        # after the first frame held the UI 60-120 ms).
        if self.config.freeze_gc:
            gc.freeze()
            gc.enable()  # off until now when started by the command (tui.cli.run_app)
            # While the loading, reading and store threads import and read, the UI thread
            # gets the GIL back within a millisecond instead of five: frames were late by
            # 100 ms waiting on it. The default comes back once the store is open (it opens
            # when first needed, and until then its import may still come).
            sys.setswitchinterval(START_SWITCH_INTERVAL_S)
        # After the first frame: a loading thread started earlier competes with the first
        # paint for the GIL, and sqlmodel's import alone costs more than a bare app's start.
        self.load_library()
        self.live.first_frame_shown()
        self._tell_settings_problems(len(self.settings_problems))

    @work(thread=True, exclusive=True, group="library")
    def load_library(self) -> None:
        try:
            source = self.config.library_source or self._make_content_index()
            self.config.library_source = source
            library = source.load()
        except Exception as error:  # a loader bug must not take the practice room down
            where = str(self.config.content_dirs[0]) if self.config.content_dirs else "content"
            library = Library(problems=(Problem(where, 1, f"the library did not load: {error}"),))
        self.post_message(LibraryLoaded(library))
        if self.config.watch:
            # The watcher's modules, here, before it starts on the UI loop.
            from tui.library.watching import import_watcher

            import_watcher()
            self.call_from_thread(self.live.modules_imported)

    def _make_content_index(self) -> LibrarySource:
        from tui.library.loader import ContentIndex

        config = self.config
        return ContentIndex(
            config.content_dirs, cache_path=config.cache_path, freeze_gc=config.freeze_gc
        )

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        first = not self.library_loaded
        self.set_library(message.library)
        self.live.library_loaded()
        if first:
            if self._store_wanted:
                # Asked for before the library arrived: it opens once the tracks are
                # listed and painted (importing both at once made each wait on the other
                # for the GIL, and held that frame back). Jobs queued meanwhile wait.
                self.call_after_refresh(self.open_store)
            if self.config.settings.keymap:
                self.check_keymap()

    def set_library(self, library: Library) -> None:
        """Publish a new snapshot to every screen on the stack (`library_signal`)."""
        first = not self.library_loaded
        self.library = library
        self.library_loaded = True
        self.library_signal.publish(library)
        if first and library.problems:
            count = len(library.problems)
            self.notify(
                f"{count} content file problem{'s' if count != 1 else ''}: press F2 for the list",
                severity="warning",
                markup=False,
            )

    def want_store(self) -> None:
        """Open the store, unless it is open or opening already (on the UI thread).

        Not at start: the tracks screen reads its figures straight from the SQLite file
        (tui.store.peek_reads), so an idle first screen never imports sqlmodel. A screen
        that loads from the store asks as it mounts (screens.base.CaseroomScreen), `db` as
        a job is handed over, the gate for a writer's thread (`StoreWanted`).
        """
        if self._store_wanted:
            return
        self._store_wanted = True
        if self.library_loaded:  # else once it has loaded (on_library_loaded)
            self.open_store()

    @property
    def store_wanted(self) -> bool:
        """Something needed the store: it is open, opening, or failed to open."""
        return self._store_wanted

    def _store_wanted_by_a_thread(self) -> None:
        # The gate's `wanted`, on a writer's thread: opened on the UI thread.
        self.post_message(StoreWanted())

    def on_store_wanted(self, _message: StoreWanted) -> None:
        self.want_store()

    @work(thread=True, exclusive=True, group="store-open")
    def open_store(self) -> None:
        # sqlmodel's import (~100k objects, all kept) set off full collections that held
        # the UI thread (the collector holds the GIL) 60-180 ms: paused meanwhile, and
        # what it made put out of reach, as at the first frame.
        if self.config.freeze_gc and gc.isenabled():
            gc.disable()
            try:
                self.gate.load()
            finally:
                gc.freeze()
                gc.enable()
        try:
            went = self._database_file_gone()
            self.gate.open(self.config.db_url)
            if went is not None:
                self.call_from_thread(self._say_the_file_went, went)
            # What on_store_ready runs, imported here rather than on the UI thread.
            import screens.resume  # noqa: F401
            import tui.services.coaching  # noqa: F401
        except Exception as error:  # shown to the person, never a traceback
            self.call_from_thread(self.report_error, error)
        else:
            self.post_message(StoreReady())
        finally:
            if sys.getswitchinterval() == START_SWITCH_INTERVAL_S:
                sys.setswitchinterval(DEFAULT_SWITCH_INTERVAL_S)

    def _database_file_gone(self) -> Path | None:
        """The SQLite file, if it is missing now though it held attempts when caseroom last
        showed them (opening it makes a new, empty one: that must not pass unsaid)."""
        path = sqlite_path(self.config.db_url)
        if path is None or self.attempts_last_shown == 0 or path.exists():
            return None
        return path

    def _say_the_file_went(self, path: Path) -> None:
        from screens.widgets import plural

        count = self.attempts_last_shown
        self.notify(
            f"No database was found at {path}: it held {plural(count, 'submitted attempt')} "
            "when caseroom last showed it. A new, empty one was made there. If you moved or "
            "renamed the file, quit (ctrl+q), put it back in place of the new one, and start "
            "caseroom again.",
            title="Database not found",
            severity="error",
            timeout=30,
            markup=False,
        )

    def on_store_ready(self, _message: StoreReady) -> None:
        self.store_ready_signal.publish(None)
        if self.gate.read_only:
            self.notify(
                "The database cannot be written (a read-only file or folder), so it was "
                "opened read-only: history shows, nothing new is saved to it. In practice, "
                "ctrl+o saves a copy of an answer.",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.set_interval(FILE_CHECK_S, self._check_store_file)

        from tui.services.coaching import is_coach

        self.db(is_coach, self._coach_known)
        # An answer left unfinished last time (kept, or the app was killed) is offered back.
        from screens.resume import offer_resume

        offer_resume(self)

    # -- settings -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="keymap")
    def check_keymap(self) -> None:
        """[keymap] against every screen's bindings (it imports them all: on a thread)."""
        source = str(self.config.config_file or "config.toml")
        problems = preferences.keymap_report(self.config.settings, source)
        if problems:
            self.call_from_thread(self._add_settings_problems, problems)

    def _add_settings_problems(self, problems: list[Problem]) -> None:
        self.settings_problems += problems
        self._tell_settings_problems(len(problems))

    def _tell_settings_problems(self, count: int) -> None:
        if count:
            self.notify(
                f"config.toml: {count} problem{'s' if count != 1 else ''} (the defaults stand "
                "in): press F2 for the list",
                severity="warning",
                markup=False,
            )

    def _theme_changed(self, theme: Theme) -> None:
        """The theme picked in the palette is remembered for the next start (state.json)."""
        if theme.name != self._remembered_theme:
            self._remembered_theme = theme.name
            self.run_worker(lambda: preferences.remember_theme_now(self), thread=True)

    def key_in_effect(self, binding: Binding) -> str:
        """`binding`'s key as the footer shows it once config.toml's keymap applies."""
        return preferences.key_in_effect(self, binding)

    def key_for_id(self, binding_id: str) -> str:
        """The key in effect for one of the App's own bindings ("help", "quit"...)."""
        return preferences.key_for_id(self, binding_id) or "?"

    def copy_text(self, text: str, what: str) -> None:
        """`y`: copy `text` to the clipboard ([clipboard] method); a notice says how."""
        preferences.copy_text(self, text, what)

    def _check_store_file(self) -> None:
        if self.store_lost_error is None:
            self.run_worker(self._check_in_thread, thread=True, group="db", exit_on_error=False)

    def _check_in_thread(self) -> None:
        try:
            self.gate.check()
        except Exception as error:
            if is_file_lost(error):
                self.call_from_thread(self.store_lost, error)

    def store_lost(self, error: Exception) -> None:
        """The database file was deleted or replaced: say so once, tell every screen
        (`store_lost_signal`: practice copies the answer to the rescue folder)."""
        if self.store_lost_error is not None:
            return
        self.store_lost_error = error
        self.report_error(error)
        self.store_lost_signal.publish(error)

    def _coach_known(self, coach: bool) -> None:
        if coach == self.is_coach:
            return  # nothing to show or hide (a refresh rebuilt the whole footer)
        self.is_coach = coach
        self.screen.refresh_bindings()  # the tracks screen's cohort key

    # -- database access for screens ----------------------------------------------------

    def db(
        self,
        job: Job[T],
        then: Callable[[T], None] | None = None,
        *,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run `job` (a service function with its arguments bound) in a thread worker
        through the gate; hand its result to `then` on the UI thread.

        The UI thread never waits on the database. A failure becomes a plain-words
        notification (and `on_error`, so a screen can keep the person's text safe).
        """
        self.want_store()
        self.run_worker(
            lambda: self._run_db_job(job, then, on_error),
            thread=True,
            group="db",
            exit_on_error=False,
        )

    def _run_db_job(
        self,
        job: Job[T],
        then: Callable[[T], None] | None,
        on_error: Callable[[Exception], None] | None,
    ) -> None:
        try:
            result = self.gate.run(job)
        except Exception as error:
            if is_file_lost(error):
                self.call_from_thread(self.store_lost, error)
            else:
                self.call_from_thread(self.report_error, error)
            if on_error is not None:
                self.call_from_thread(on_error, error)
            return
        if then is not None:
            self.call_from_thread(then, result)

    @property
    def store_available(self) -> bool:
        return self.gate.ready

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Theme and Quit; not Textual's Keys panel (F1 is caseroom's help), Maximize or
        Screenshot. caseroom's own commands come from tui/commands.py."""
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                yield command
        yield SystemCommand(
            "Quit",
            f"Quit caseroom (an answer in progress is kept as a draft) · {self.key_for_id('quit')}",
            self.action_quit,
        )

    # -- actions ------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, unless an open screen holds unsaved input and asks first (a review being
        written: its `ask_before_quit`, offered through `quit_signal`). Answers and pushback
        replies need no question: they are saved as they are typed and once more as their
        screen closes."""
        request = QuitRequest(self.exit)
        self.quit_signal.publish(request)
        if not request.held():
            self.exit()

    def action_go_tracks(self) -> None:
        """Back to the first screen, whatever is on top of it."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_go_history(self) -> None:
        from screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def action_practise(self, prompt_id: str) -> None:
        from screens.resume import practise_prompt

        practise_prompt(self, prompt_id)  # offers a kept draft of the prompt first

    def action_problems(self) -> None:
        """F2: every content problem, updated live while files change."""
        from screens.problems import ProblemsScreen

        if not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen())

    def action_help(self) -> None:
        from screens.help import HelpScreen

        self.push_screen(HelpScreen())


def _commands_provider() -> type[Any]:
    # Imported lazily: the palette is not needed for the first frame.
    from tui.app.commands import CaseroomCommands

    return CaseroomCommands
