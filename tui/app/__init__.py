"""The Textual layer: the App (app.py), its configuration (config.py), what it reports and
tells screens (messages.py), live content and the palette."""

from tui.app.app import CaseroomApp
from tui.app.config import AppConfig, LibrarySource
from tui.app.messages import LibraryLoaded, QuitRequest, StoreReady
from tui.app.notices import INFO_TIMEOUT

__all__ = [
    "INFO_TIMEOUT",
    "AppConfig",
    "CaseroomApp",
    "LibraryLoaded",
    "LibrarySource",
    "QuitRequest",
    "StoreReady",
]
