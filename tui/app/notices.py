"""Notices as caseroom shows them: short-lived information, never one twice at once,
cleared as another screen comes up; a background failure in words a person can act on.

The App's base class (tui.app.app.CaseroomApp builds on it): what Textual's notifications
do differently here, kept apart from the App's wiring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

#: Seconds an information notice stays unless its caller says otherwise (Textual's default
#: for every notice is 5). Warnings keep that; errors give their own.
INFO_TIMEOUT = 3.0


class NoticesApp(App[None]):
    """Textual's App with caseroom's notices."""

    def __init__(self) -> None:
        super().__init__()
        self._notices_on_their_way: set[tuple[str, str, str]] = set()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """As Textual's, with a shorter default for information (`INFO_TIMEOUT`), and never
        the same notice twice at once (a failing save and the job behind it both report
        it: it stacked four times)."""
        key = (message, title, severity)
        if key in self._notices_on_their_way or any(
            (note.message, note.title, note.severity) == key for note in self._notifications
        ):
            return
        # Textual adds a notice from a message: until it is handled, it is on its way.
        self._notices_on_their_way.add(key)
        self.call_later(lambda: self._notices_on_their_way.discard(key))
        if timeout is None and severity == "information":
            timeout = INFO_TIMEOUT
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _screen_changed(self, _screen: Screen[Any]) -> None:
        """A notice belongs to the screen it was raised on: when another screen comes up (or
        back), information and warnings shown so far go; errors stay until they time out.

        A notice raised in the same step as the change ("Kept as a draft" as practice
        closes) is not cleared: Textual adds it from a message still on its way, so it
        shows on the screen it announces.
        """
        stale = [note for note in self._notifications if note.severity != "error"]
        for note in stale:
            self._unnotify(note, refresh=False)
        if stale:
            self._refresh_notifications()

    def report_error(self, error: Exception) -> None:
        """Turn any background failure into a message a person can act on."""
        message = getattr(error, "user_message", None) or f"Something went wrong: {error}"
        self.notify(str(message), title="caseroom", severity="error", timeout=10, markup=False)
