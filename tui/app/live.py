"""Live content in the running App: start the watcher, re-read changed files, publish.

The pure half (what a batch of changes means, the watch loop) is tui.library.watching.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.library.watching import (
    CACHE_SAVE_DELAY,
    folder_index,
    gone_roots,
    new_problems,
    watch_content,
)

if TYPE_CHECKING:
    from tui.app import CaseroomApp


class LiveContent:
    """The App's live-content service: starts the watcher, re-reads changed files.

    The watcher starts once the first frame is shown, the first load is done
    (apply_changes before the first load would race the loading thread) and its modules
    are imported (`modules_imported`, by the loading thread: importing them on the UI loop,
    or waiting there on that thread's import lock, held frames back 40-70 ms). Every re-read,
    from the watcher or from the editor key, goes through one lock: `ContentIndex` must be
    driven by one worker at a time. A burst of re-reads is written to the disk cache once,
    `cache_save_delay` after the last, in a thread the app's exit never waits for.
    """

    def __init__(self, app: CaseroomApp) -> None:
        self.app = app
        self.started = False
        self._frame_shown = False
        self._modules_imported = False
        self._lock: asyncio.Lock | None = None
        self.cache_save_delay = CACHE_SAVE_DELAY

    def first_frame_shown(self) -> None:
        self._frame_shown = True
        self._maybe_start()

    def library_loaded(self) -> None:
        self._maybe_start()

    def modules_imported(self) -> None:
        self._modules_imported = True
        self._maybe_start()

    def _maybe_start(self) -> None:
        config = self.app.config
        if self.started or not config.watch or not self._frame_shown:
            return
        if not self._modules_imported:
            return
        if not self.app.library_loaded:
            return
        self.started = True
        self.app.run_worker(
            self._watch(), group="content-watch", exclusive=True, exit_on_error=False
        )

    def roots(self) -> list[Path]:
        """Every folder content comes from: bundled, --content folders and the user's."""
        config = self.app.config
        roots = list(config.content_dirs)
        if config.user_content_dir is not None:
            roots.append(config.user_content_dir)
        return roots

    async def _watch(self) -> None:
        roots = self.roots()
        missing = gone_roots(roots)
        if len(missing) == len(roots):
            return
        await watch_content(roots, self.reread, self._root_gone, known_folder=self._known_folder)

    def _known_folder(self) -> Callable[[str], bool]:
        return folder_index(getattr(self.app.config.library_source, "paths", ()))

    def _root_gone(self, root: Path) -> None:
        self.app.notify(
            f"The content folder {root} was removed: its files are gone from the library "
            "and caseroom no longer watches it.",
            severity="warning",
            markup=False,
        )

    async def reread(self, paths: Sequence[Path]) -> None:
        """Re-read `paths` off the UI thread, publish the library, announce new problems."""
        source = self.app.config.library_source
        if source is None or not self.app.library_loaded or not paths:
            return  # the first load (still running) will read them anyway
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            before = self.app.library.problems
            library = await asyncio.to_thread(source.apply_changes, list(paths))
            self.app.set_library(library)
        self._save_cache_soon()
        from tui.library.sanitize import sanitize_text  # loaded with the library already

        for problem in new_problems(before, library.problems):
            self.app.notify(
                sanitize_text(str(problem)),  # the path may hold escapes or bidi overrides
                severity="warning",
                markup=False,
            )

    def _save_cache_soon(self) -> None:
        """Write the disk cache `cache_save_delay` after the last re-read of a burst.

        Without it the next start would re-read every file changed while the app ran.
        Each re-read restarts the wait (an exclusive worker cancels the one before).
        """
        save: Callable[[], bool] | None = getattr(
            self.app.config.library_source, "save_cache", None
        )
        if save is not None:
            self.app.run_worker(
                self._save_cache_later(save),
                group="content-cache",
                exclusive=True,
                exit_on_error=False,
            )

    async def _save_cache_later(self, save: Callable[[], bool]) -> None:
        await asyncio.sleep(self.cache_save_delay)
        # A daemon thread, so quitting never waits for it. A write cut short by the exit
        # leaves the previous cache whole (it is replaced atomically), which the next
        # start checks file by file anyway.
        thread = threading.Thread(
            target=_save_quietly, args=(save,), name="caseroom-cache", daemon=True
        )
        thread.start()


def _save_quietly(save: Callable[[], bool]) -> None:
    # The cache is only an accelerator: a failure must not print over the app's screen.
    with contextlib.suppress(Exception):
        save()
