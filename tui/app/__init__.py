"""The Textual layer: the App (app.py), its configuration (config.py), what it reports and
tells screens (messages.py), live content and the palette."""

from tui.app.app import INFO_TIMEOUT, CaseroomApp
from tui.app.config import AppConfig, LibrarySource
from tui.app.messages import LibraryLoaded, QuitRequest, StoreReady

__all__ = [
    "INFO_TIMEOUT",
    "AppConfig",
    "CaseroomApp",
    "LibraryLoaded",
    "LibrarySource",
    "QuitRequest",
    "StoreReady",
]
