"""Base classes for caseroom's screens: typed access to the running App."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from textual._context import active_message_pump
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from tui.app import CaseroomApp

ResultT = TypeVar("ResultT")


class CaseroomScreen(Screen[ResultT]):
    """A full screen of caseroom."""

    @property
    def caseroom(self) -> CaseroomApp:
        """The App, typed: its library, its store access (`db`) and its config."""
        return cast("CaseroomApp", self.app)

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

    @property
    def caseroom(self) -> CaseroomApp:
        """The App, typed: its library, its store access (`db`) and its config."""
        return cast("CaseroomApp", self.app)
