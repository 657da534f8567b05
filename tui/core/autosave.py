"""Autosave: write the newest draft on a background thread, the UI never waits.

The practice screen offers a snapshot whenever the person pauses typing (and at least four
times a second while they keep typing). One writer thread takes the newest snapshot, so a slow disk
never queues up stale drafts and no older draft can overwrite a newer one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

D = TypeVar("D")

#: Offer a draft this long after the last keystroke, and at least this often while typing
#: (checked on every keystroke, not only on the screen's clock tick): a process killed at
#: any moment loses at most about a quarter of a second of typing (bench/kill9.py: worst
#: 0.68 s with 0.3/0.5 checked on the tick; a 2 KB draft write costs ~1 ms).
QUIET_BEFORE_SAVE = 0.2
MAX_UNSAVED = 0.25
#: While the clock runs and nothing is typed (the person is thinking), the clock is still
#: saved this often, so a kill loses at most this much of it, as with the text.
CLOCK_SAVE_EVERY = 1.0


class SavePacing:
    """When a screen should offer its text to the writer: once typing has paused for
    `quiet_s` (QUIET_BEFORE_SAVE unless config.toml says), and at least every `max_s`
    (MAX_UNSAVED) while it goes on. Times are readings of the screen's clock
    (config.clock), so tests drive it with a fake one."""

    def __init__(self, quiet_s: float = QUIET_BEFORE_SAVE, max_s: float = MAX_UNSAVED) -> None:
        self.quiet_s = quiet_s
        self.max_s = max_s
        #: Typed since the last offer (or a write failed and must be tried again).
        self.dirty = False
        self._last_change = 0.0
        self._last_offer = 0.0

    def changed(self, now: float) -> None:
        self.dirty = True
        self._last_change = now

    def due(self, now: float) -> bool:
        if not self.dirty:
            return False
        quiet = now - self._last_change >= self.quiet_s
        return quiet or now - self._last_offer >= self.max_s

    def clock_due(self, now: float) -> bool:
        """True when the running clock has gone CLOCK_SAVE_EVERY without being saved."""
        return now - self._last_offer >= CLOCK_SAVE_EVERY

    def offered(self, now: float) -> None:
        self.dirty = False
        self._last_offer = now


class DraftSaver(Generic[D]):
    """Latest-wins background writer.

    `write` runs on the saver's own thread. `on_error` and `on_saved` also run there; callers
    marshal back to the UI thread themselves (e.g. with `App.call_from_thread`).
    """

    def __init__(
        self,
        write: Callable[[D], None],
        *,
        on_error: Callable[[D, Exception], None],
        on_saved: Callable[[D], None] | None = None,
        name: str = "caseroom-autosave",
    ) -> None:
        self._write = write
        self._on_error = on_error
        self._on_saved = on_saved
        self._pending: D | None = None
        self._busy = False
        self._closed = False
        self._condition = threading.Condition()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def offer(self, draft: D) -> None:
        """Queue `draft` for writing, replacing any snapshot not yet written."""
        with self._condition:
            if self._closed:
                return
            self._pending = draft
            self._condition.notify_all()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything offered so far is written (or failed). False on timeout."""
        with self._condition:
            return self._condition.wait_for(
                lambda: self._pending is None and not self._busy, timeout=timeout
            )

    def close(self, timeout: float = 5.0) -> bool:
        """Write what is pending, then stop the thread."""
        done = self.flush(timeout)
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        self._thread.join(timeout)
        return done

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._pending is not None or self._closed)
                if self._pending is None:
                    return
                draft, self._pending = self._pending, None
                self._busy = True
            try:
                self._write(draft)
            except Exception as error:  # reported, never raised: the text stays in memory
                self._on_error(draft, error)
            else:
                if self._on_saved is not None:
                    self._on_saved(draft)
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
