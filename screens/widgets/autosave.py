"""A screen's autosave: when to offer its text, the writer thread, and what was saved.

The practice screen (answers) and the pushback screen (replies) save the same way: the
screen says when its text changed, asks whether an offer is due (tui.core.autosave's
SavePacing), and offers a snapshot; one writer thread (DraftSaver) writes the newest one
through the database gate. A failure comes back on the UI thread, once as "first" so the
screen can tell the person, and the text is offered again on the next change.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any, Generic, TypeVar

from tui.core.autosave import DraftSaver, SavePacing

D = TypeVar("D")


class Autosave(Generic[D]):
    """`write` runs on the writer thread; `on_failure(error, first)` on the UI thread."""

    def __init__(
        self,
        app: Any,
        write: Callable[[D], None],
        *,
        clock: Callable[[], float],
        on_failure: Callable[[Exception, bool], None],
    ) -> None:
        self._app = app  # kept: the screen may be gone from the DOM when the last write runs
        self._write_job = write
        self._clock = clock
        self._on_failure = on_failure
        # The pace config.toml's [practice] autosave_quiet_s / autosave_max_s set.
        practice = app.config.settings.practice
        self.pacing = SavePacing(practice.autosave_quiet_s, practice.autosave_max_s)
        self.last_saved: D | None = None
        self.last_saved_at: float | None = None  # clock reading of the last good write
        self.failed: Exception | None = None
        self._told = False  # the screen heard of the current failure
        self.saver: DraftSaver[D] | None = None

    def start(self) -> None:
        """Start the writer thread (on mount: a screen never shown starts none)."""
        if self.saver is None:
            self.saver = DraftSaver(self._write, on_error=self._error_from_thread)

    @property
    def dirty(self) -> bool:
        """Changed since the last offer (or a write failed and must be tried again)."""
        return self.pacing.dirty

    def changed(self) -> None:
        self.pacing.changed(self._clock())

    def due(self) -> bool:
        return self.pacing.due(self._clock())

    def clock_due(self) -> bool:
        """A running clock not saved for a second (nothing typed meanwhile)."""
        return self.saver is not None and self.pacing.clock_due(self._clock())

    def offer(self, snapshot: D) -> None:
        """Hand `snapshot` to the writer (it replaces any not yet written)."""
        if self.saver is None:
            return
        self.pacing.offered(self._clock())
        self.saver.offer(snapshot)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything offered is written (or failed). False on timeout."""
        return self.saver.flush(timeout) if self.saver is not None else True

    def close(self, timeout: float = 2.0) -> None:
        """Write what is pending, then stop the writer thread."""
        if self.saver is not None:
            self.saver.close(timeout=timeout)
            self.saver = None

    def status(self) -> str:
        """The clock bar's words: "saved", "saved 3s ago", "not saved yet", or the failure."""
        if self.failed is not None:
            return "NOT SAVED: ctrl+o saves a copy"
        if self.last_saved_at is None:
            return "not saved yet" if self.pacing.dirty else ""
        if not self.pacing.dirty:
            return "saved"
        ago = max(0, int(self._clock() - self.last_saved_at))
        return f"saved {ago}s ago"

    def failure(self, error: Exception) -> None:
        """A write (or the attempt's creation) failed: remember it, offer again on the next
        change, and tell the screen (`first` only the first time since the last good
        write)."""
        first = not self._told
        self._told = True
        self.failed = error
        self.pacing.dirty = True  # the text is still on screen: try again
        self._on_failure(error, first)

    def _write(self, snapshot: D) -> None:
        self._write_job(snapshot)
        self.last_saved = snapshot
        self.last_saved_at = self._clock()
        self.failed = None
        self._told = False

    def _error_from_thread(self, _snapshot: D, error: Exception) -> None:
        # Known at once, on this thread: a flush that returns now sees the failure (a
        # "kept" is never said for a write that failed), and the UI is told without this
        # thread waiting on it (call_from_thread would: a flush on the UI thread, waiting
        # on this one, then sat out its whole timeout, ~5 s to quit on a full disk).
        self.failed = error
        # RuntimeError: the app has already closed, there is no one left to tell.
        with suppress(RuntimeError):
            self._app.call_later(self.failure, error)
