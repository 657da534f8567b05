"""Each screen's stylesheets (screens/styles/, named in STYLES) are added as it first opens.

The first frame parses caseroom.tcss and the tracks screen's sheets only; a screen opened
later brings its own, styled as if every sheet had been there from the start.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

import screens
from screens.base import STYLES_DIR, add_screen_styles
from screens.history import HistoryScreen
from tests.conftest import APP_CONTENT
from tests.pilot_helpers import settle


def screen_classes() -> list[type[Screen[Any]]]:
    """Every screen class defined in the screens package."""
    for module in pkgutil.walk_packages(screens.__path__, "screens."):
        importlib.import_module(module.name)
    found: list[type[Screen[Any]]] = []
    todo: list[type[Any]] = [Screen]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("screens."):
            found.append(cls)
    return found


def sheets_named() -> set[str]:
    return {name for cls in screen_classes() for name in cls.__dict__.get("STYLES", ())}


def test_every_sheet_a_screen_names_is_there_and_parses() -> None:
    theme = App[None]().get_css_variables()  # $primary and the rest
    for cls in screen_classes():
        stylesheet = Stylesheet(variables=theme)
        add_screen_styles(stylesheet, cls)
        stylesheet.parse()  # raises on a CSS error, with the file's path and line


def test_every_sheet_in_the_folder_is_named_by_a_screen() -> None:
    assert sheets_named(), "no screen names a stylesheet"
    assert {path.name for path in Path(STYLES_DIR).glob("*.tcss")} == sheets_named()


def test_a_sheet_is_added_once_and_reaches_only_its_screen() -> None:
    stylesheet = Stylesheet(variables=App[None]().get_css_variables())
    add_screen_styles(stylesheet, HistoryScreen)
    add_screen_styles(stylesheet, HistoryScreen)
    assert [Path(path).name for path, _ in stylesheet.source] == ["history.tcss"]
    stylesheet.parse()
    # Scoped: every selector starts at the screen. (Textual scopes only the last selector
    # of a comma list: a screen's sheet has none; rules several screens share are in
    # caseroom.tcss.)
    firsts = {sel.selectors[0].name for rule in stylesheet.rules for sel in rule.selector_set}
    assert firsts == {"HistoryScreen"}


def sheets_in(app: Any) -> set[str]:
    return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}


async def test_the_first_frame_has_the_tracks_sheets_and_history_brings_its_own(
    make_app: Any,
) -> None:
    app = make_app([APP_CONTENT])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert sheets_in(app) == {"caseroom.tcss", "tracks.tcss"}
        assert app.screen.query_one("#tracks-status").styles.height.value == 1
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "history.tcss" in sheets_in(app)
        status = app.screen.query_one("#history-status")
        assert status.styles.height.value == 1  # caseroom.tcss
        assert app.screen.query_one("#history-empty").styles.padding.top == 1  # history.tcss
