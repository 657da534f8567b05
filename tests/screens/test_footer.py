"""SteadyFooter: the keys of what has focus, rebuilt only when they change."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from screens.widgets.footer import SteadyFooter


class Keyed(Button):
    def __init__(self, key: str, description: str, **kwargs: Any) -> None:
        super().__init__(description, **kwargs)
        self._bindings.bind(key, "noop", description)

    def action_noop(self) -> None:
        pass


class FooterApp(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Keyed("a", "Alpha", id="one")
        yield Keyed("a", "Alpha", id="same")
        yield Keyed("b", "Beta", id="other")
        yield SteadyFooter()


def shown(app: FooterApp) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


async def until_shown(pilot: Pilot[None], app: FooterApp, expected: list[str]) -> None:
    for _ in range(100):
        await pilot.pause()
        if shown(app) == expected:
            return
    raise AssertionError(f"the footer shows {shown(app)}, not {expected}")


async def test_the_footer_follows_focus_and_skips_rebuilding_the_same_keys() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        app.query_one("#one").focus()
        await until_shown(pilot, app, ["Alpha", "Quit", "palette"])
        keys = list(app.screen.query(FooterKey))
        app.query_one("#other").focus()  # other keys: rebuilt
        await until_shown(pilot, app, ["Beta", "Quit", "palette"])
        app.query_one("#one").focus()
        await until_shown(pilot, app, ["Alpha", "Quit", "palette"])
        keys = list(app.screen.query(FooterKey))
        app.query_one("#same").focus()  # the same keys: nothing rebuilt
        await pilot.wait_for_scheduled_animations()
        for _ in range(5):  # the rebuild, were there one, comes after a refresh
            await pilot.pause()
        assert app.focused is app.query_one("#same")
        assert list(app.screen.query(FooterKey)) == keys


class CountingStyles(FooterApp):
    """Records every node whose styles are updated after a class change."""

    compact_footer = False

    def __init__(self) -> None:
        super().__init__()
        self.restyled: list[object] = []

    def compose(self) -> ComposeResult:
        yield Keyed("a", "Alpha", id="one")
        yield SteadyFooter(compact=self.compact_footer)

    def update_styles(self, node: Any, animate: bool = True) -> None:
        self.restyled.append(node)
        super().update_styles(node, animate=animate)


class CountingCompactStyles(CountingStyles):
    compact_footer = True


async def test_footer_keys_mount_styled_once_in_the_footers_own_style() -> None:
    # Textual's FooterKey starts compact and is then bound to the footer's setting: each
    # key flipped its "-compact" class once or twice as it mounted, and each flip restyled
    # it on the spot (20-60 ms for a screen's keys, the largest task after the first frame).
    for app_class in (CountingStyles, CountingCompactStyles):
        app = app_class()
        async with app.run_test() as pilot:
            await until_shown(pilot, app, ["Alpha", "Quit", "palette"])
            keys = [key for key in app.screen.query(FooterKey) if key.description != "palette"]
            assert [key for key in app.restyled if isinstance(key, FooterKey)] == []
            assert all(key.compact is app.compact_footer for key in keys)
            assert all(key.has_class("-compact") is app.compact_footer for key in keys)
            # The palette's key is Textual's own compact one, whatever the footer's style.
            (palette,) = app.screen.query(".-command-palette").results(FooterKey)
            assert palette.compact and palette.has_class("-compact")
