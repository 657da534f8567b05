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

import contextlib
import os
from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from pathlib import Path

from tui.core.model import Problem

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


def import_watcher() -> None:
    """Import what `watch_content` needs, ahead (blocking: call from a worker thread).

    anyio loads most of itself on first use (`anyio.Event` and the rest are lazy names):
    left to the watcher's first run, that happened on the UI loop and held frames back
    40-70 ms after the first. Here are the names watchfiles' awatch uses.
    """
    import anyio
    import anyio._backends._asyncio  # loaded by name on first use
    import anyio.to_thread
    import watchfiles  # noqa: F401

    for name in ("Event", "create_task_group", "get_cancelled_exc_class"):
        getattr(anyio, name)
    anyio.to_thread.run_sync  # noqa: B018 (a lazy name: touched to import it)


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
    from watchfiles import DefaultFilter, awatch

    # DefaultFilter drops every path with a `.venv` folder in it, and the README installs
    # into `.venv`: the bundled library (inside site-packages) would never be watched.
    keep_venv = DefaultFilter(
        ignore_dirs=[d for d in DefaultFilter.ignore_dirs if d not in VENV_DIRS]
    )

    watched = existing_roots(roots)
    while watched:
        restart = False
        changes_iter = awatch(
            *watched,
            debounce=debounce,
            step=step,
            rust_timeout=ROOT_CHECK_MS,
            yield_on_timeout=True,
            watch_filter=keep_venv,
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


#: Folder names DefaultFilter ignores that a content folder may live under.
VENV_DIRS = (".venv",)


def new_problems(before: Sequence[Problem], after: Sequence[Problem]) -> list[Problem]:
    """Problems in `after` that were not in `before`: each is announced once."""
    old = set(before)
    return [problem for problem in after if problem not in old]
