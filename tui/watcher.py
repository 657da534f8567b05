"""Live content: watch the content folders and turn editor saves into paths to re-read.

The pure part (`paths_to_reread`, `existing_roots`, `gone_roots`) decides what a batch of
file-system changes means; `watch_content` is the async loop the App runs in an exclusive
async worker, so Textual cancels it when the app exits.

Editors save in odd ways: a batch arrives unordered and mixes "added" and "deleted" for
the same path (write to a temp file, rename over the original), and vim probes with a
file called `4913`. So a batch is judged by what exists on disk *now*, not by the kind
of each change. watchfiles is imported inside `watch_content` only: nothing here may
cost anything before the first frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.model import Problem

if TYPE_CHECKING:
    from tui.app import CaseroomApp

#: Change → yield latency ~15 ms on this stack (TRAPS.md), against ~95 ms by default.
DEBOUNCE_MS = 50
STEP_MS = 10
#: A burst of re-reads is written to the disk cache once, this long after the last one.
CACHE_SAVE_DELAY = 1.0
#: How often a quiet watcher wakes to check that its roots still exist (a deleted root
#: makes watchfiles go silent, so nobody would tell us otherwise).
ROOT_CHECK_MS = 1000


def _ignored(name: str) -> bool:
    # The loader never reads these (dotfiles, `_`-files, READMEs): emacs lock files
    # (`.#x.md`) and scratch copies need no re-read.
    return name.startswith((".", "_")) or name.lower() == "readme.md"


def paths_to_reread(
    changed: Iterable[str],
    *,
    is_dir: Callable[[str], bool] = os.path.isdir,
    known_folder: Callable[[str], bool] = lambda _path: False,
) -> list[Path]:
    """The paths of a batch worth handing to `ContentIndex.apply_changes`, sorted, once each.

    Kept: `.md` files (whether they exist now or were deleted: the loader reads what is
    there now), folders that exist now (a folder moved in brings its files), and vanished
    paths that were folders holding content (`known_folder`), so their files drop out.
    Dropped: anything else, such as vim's `4913` probe or an editor's swap file.
    """
    keep: set[str] = set()
    for raw in changed:
        path = os.path.abspath(raw)
        name = os.path.basename(path)
        if _ignored(name):
            continue
        if name.endswith(".md") or is_dir(path) or known_folder(path):
            keep.add(path)
    return [Path(p) for p in sorted(keep)]


def folder_index(paths: Collection[str]) -> Callable[[str], bool]:
    """A `known_folder` test: True for a folder that holds (or held) one of `paths`."""
    folders: set[str] = set()
    for path in paths:
        parent = os.path.dirname(os.path.abspath(path))
        while parent not in folders and parent != os.path.dirname(parent):
            folders.add(parent)
            parent = os.path.dirname(parent)
    return folders.__contains__


def existing_roots(roots: Sequence[Path]) -> list[Path]:
    """The roots that are folders now, in order: watching a missing path raises."""
    seen: set[Path] = set()
    result = []
    for root in roots:
        if root.is_dir() and root not in seen:
            seen.add(root)
            result.append(root)
    return result


def gone_roots(roots: Sequence[Path]) -> list[Path]:
    """The roots among `roots` that are no longer folders."""
    return [root for root in roots if not root.is_dir()]


async def watch_content(
    roots: Sequence[Path],
    on_paths: Callable[[list[Path]], Awaitable[None]],
    on_root_gone: Callable[[Path], None],
    *,
    known_folder: Callable[[], Callable[[str], bool]] = lambda: lambda _path: False,
    debounce: int = DEBOUNCE_MS,
    step: int = STEP_MS,
) -> None:
    """Watch `roots` until cancelled: hand each batch's paths to `on_paths`.

    When a root is deleted it is reported once through `on_root_gone` (with its path also
    handed to `on_paths`, so its files drop out) and watching goes on over the others.
    Returns when no root is left to watch.
    """
    from watchfiles import awatch

    watched = existing_roots(roots)
    while watched:
        restart = False
        changes_iter = awatch(
            *watched,
            debounce=debounce,
            step=step,
            rust_timeout=ROOT_CHECK_MS,
            yield_on_timeout=True,
        )
        # aclosing: leaving the loop early must drop the OS watch at once, not at GC.
        async with contextlib.aclosing(changes_iter):
            async for changes in changes_iter:
                gone = gone_roots(watched)
                if not changes and not gone:
                    continue  # the periodic wake-up to check the roots
                paths = paths_to_reread(
                    (path for _change, path in changes), known_folder=known_folder()
                )
                paths.extend(root for root in gone if root not in paths)
                if paths:
                    await on_paths(paths)
                if gone:
                    for root in gone:
                        on_root_gone(root)
                    watched = [root for root in watched if root not in gone]
                    restart = True
                    break
        if not restart:
            return


def new_problems(before: Sequence[Problem], after: Sequence[Problem]) -> list[Problem]:
    """Problems in `after` that were not in `before`: each is announced once."""
    old = set(before)
    return [problem for problem in after if problem not in old]


class LiveContent:
    """The App's live-content service: starts the watcher, re-reads changed files.

    The watcher starts once both the first frame is shown and the first load is done
    (apply_changes before the first load would race the loading thread). Every re-read,
    from the watcher or from the editor key, goes through one lock: `ContentIndex` must be
    driven by one worker at a time. A burst of re-reads is written to the disk cache once,
    `cache_save_delay` after the last, in a thread the app's exit never waits for.
    """

    def __init__(self, app: CaseroomApp) -> None:
        self.app = app
        self.started = False
        self._frame_shown = False
        self._lock: asyncio.Lock | None = None
        self.cache_save_delay = CACHE_SAVE_DELAY

    def first_frame_shown(self) -> None:
        self._frame_shown = True
        self._maybe_start()

    def library_loaded(self) -> None:
        self._maybe_start()

    def _maybe_start(self) -> None:
        config = self.app.config
        if self.started or not config.watch or not self._frame_shown:
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
        from tui.frontmatter import sanitize_text  # loaded with the library already

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
