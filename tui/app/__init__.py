"""The Textual layer: the App, its messages, live content, the palette, the editor."""

from tui.app.app import INFO_TIMEOUT, AppConfig, CaseroomApp, LibraryLoaded, StoreReady

__all__ = ["INFO_TIMEOUT", "AppConfig", "CaseroomApp", "LibraryLoaded", "StoreReady"]
