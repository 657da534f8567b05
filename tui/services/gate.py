"""The one way into the database: a gate that opens the store once and runs jobs on it.

Screens never hold a `Store`. They hand the App a job (a service function with its
arguments bound, `functools.partial(history.page, query=q)`), the App runs it in a thread
worker through this gate and hands the result back on the UI thread. Writer threads
(autosave of answers and replies) call `run` themselves: it blocks their thread, never
the UI's. Plain Python, no Textual: tested without a terminal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

from tui.paths import sqlite_path

if TYPE_CHECKING:
    from tui.store import Store

T = TypeVar("T")

#: A job for the database: a service function with everything but the store bound.
Job = Callable[["Store"], T]

#: How long a job waits for the store to open before it gives up with a plain sentence.
OPEN_TIMEOUT_S = 30.0


class StoreGate:
    """Opens the store once (`open`, in a background thread) and runs jobs on it.

    The store opens when something first needs it, not at start: its import (sqlmodel,
    SQLAlchemy, pydantic) is a third of a second and ~30 MiB the first screen does without
    (its figures come from tui.store.peek_reads). `wanted` is told, from whichever thread,
    when a job arrives before anything asked for the store to open; the App opens it then.
    """

    def __init__(self, wanted: Callable[[], None] | None = None) -> None:
        self._wanted = wanted
        self._told = False
        self._store: Store | None = None
        self._error: Exception | None = None
        self._settled = threading.Event()
        self._opening = threading.Lock()
        #: Opened read-only (the file or its folder cannot be written): history shows,
        #: nothing is saved. Set by `open`.
        self.read_only = False

    @staticmethod
    def load() -> None:
        """Import the store's modules (sqlmodel, SQLAlchemy: a third of a second and more)
        ahead of `open`, which would import them too; a failure is left to `open` to
        report. Blocking: call from a worker."""
        with suppress(Exception):
            import tui.store.store  # noqa: F401

    def open(self, url: str) -> Store:
        """Open the store at `url` (blocking: call from a worker), once: a second call
        returns the same store. Raises why it failed; every job waiting meanwhile is
        released either way.

        A SQLite file that exists but cannot be written (a read-only folder or mount) is
        opened read-only instead (`read_only`), so its history can still be read: a WAL
        file in a read-only folder needs `immutable`, since SQLite cannot make its -shm.
        """
        with self._opening:
            if self._store is not None:
                return self._store  # opened already (twice asked: the same store)
            return self._open(url)

    def _open(self, url: str) -> Store:
        try:
            from tui.store import ReadOnlyError, Store  # sqlmodel: ~0.35 s, when first needed

            try:
                self._store = Store.open(url)
            except ReadOnlyError:
                self._store = self._open_read_only(url)
                if self._store is None:
                    raise
                self.read_only = True
            return self._store
        except Exception as error:
            self._error = error
            raise
        finally:
            self._settled.set()

    @staticmethod
    def _open_read_only(url: str) -> Store | None:
        """The existing SQLite file behind `url` opened read-only, or None if it cannot be."""
        from tui.store import Store, StoreError

        path = sqlite_path(url)
        if path is None or not path.is_file():
            return None
        for options in ("mode=ro", "mode=ro&immutable=1"):
            try:
                return Store.open(read_only_url(path, options))
            except StoreError:
                continue
        return None

    def check(self) -> None:
        """Raise DatabaseFileLostError if the open file was deleted or replaced (the App
        asks now and then; every transaction asks too). Call from a worker."""
        if self._store is not None:
            self._store.check_file()

    @property
    def ready(self) -> bool:
        """The store is open (jobs run at once)."""
        return self._store is not None

    @property
    def failed(self) -> Exception | None:
        """Why the store did not open, once that is known."""
        return self._error

    def run(self, job: Job[T], timeout: float = OPEN_TIMEOUT_S) -> T:
        """Run `job(store)` in the calling thread, waiting for the store to open first.

        Never call it on the UI thread: it may wait on the disk.
        """
        if not self._settled.is_set() and not self._told and self._wanted is not None:
            self._told = True  # once: every job queued meanwhile waits for the same opening
            self._wanted()  # a writer thread may be the first to need it
        self._settled.wait(timeout)
        if self._store is None:
            raise self._error or RuntimeError("The database did not open in time.")
        return job(self._store)


def read_only_url(path: Path, options: str = "mode=ro") -> str:
    """A SQLAlchemy URL opening the SQLite file `path` read-only (`options` of its URI)."""
    return f"sqlite:///file:{quote(str(path))}?{options}&uri=true"


def is_file_lost(error: BaseException) -> bool:
    """Whether `error` says the database file was deleted or replaced while caseroom ran
    (for screens, which never import the store)."""
    from tui.store.errors import DatabaseFileLostError

    return isinstance(error, DatabaseFileLostError)
