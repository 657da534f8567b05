"""Base classes for caseroom's screens: typed access to the running App."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

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


class CaseroomModal(ModalScreen[ResultT]):
    """A modal of caseroom."""

    @property
    def caseroom(self) -> CaseroomApp:
        """The App, typed: its library, its store access (`db`) and its config."""
        return cast("CaseroomApp", self.app)
