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
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from tui.store import Store

T = TypeVar("T")

#: A job for the database: a service function with everything but the store bound.
Job = Callable[["Store"], T]

#: How long a job waits for the store to open before it gives up with a plain sentence.
OPEN_TIMEOUT_S = 30.0


class StoreGate:
    """Opens the store once (`open`, in a background thread) and runs jobs on it."""

    def __init__(self) -> None:
        self._store: Store | None = None
        self._error: Exception | None = None
        self._settled = threading.Event()

    def open(self, url: str) -> Store:
        """Open the store at `url` (blocking: call from a worker). Raises why it failed;
        every job waiting meanwhile is released either way."""
        try:
            from tui.store import Store  # sqlmodel: ~0.35 s, never before the first frame

            self._store = Store.open(url)
            return self._store
        except Exception as error:
            self._error = error
            raise
        finally:
            self._settled.set()

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
        self._settled.wait(timeout)
        if self._store is None:
            raise self._error or RuntimeError("The database did not open in time.")
        return job(self._store)
