"""SteadyFooter: the keys of what has focus, drawn as one widget's line of text."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.pilot import Pilot
from textual.widgets import Button

from screens.widgets.footer import PALETTE_EDGE, SteadyFooter


class Keyed(Button):
    def __init__(self, key: str, description: str, **kwargs: Any) -> None:
        super().__init__(description, **kwargs)
        self._bindings = BindingsMap(
            [Binding(key, "noop", description, tooltip=f"{description}, the tooltip")]
        )
        self.pressed_keys = 0

    def action_noop(self) -> None:
        self.pressed_keys += 1


class CountedFooter(SteadyFooter):
    draws = 0

    def render(self) -> Any:
        self.draws += 1
        return super().render()


class FooterApp(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("x", "off", "Off")]

    def compose(self) -> ComposeResult:
        yield Keyed("a", "Alpha", id="one")
        yield Keyed("a", "Alpha", id="same")
        yield Keyed("b", "Beta", id="other")
        yield CountedFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "off" else True  # shown, but disabled

    def action_off(self) -> None:
        raise AssertionError("a disabled key ran")


def footer(app: App[Any]) -> CountedFooter:
    return app.screen.query_one(CountedFooter)


def shown(app: App[Any]) -> list[str]:
    return [key.description for key in footer(app).shown_keys()]


async def until_shown(pilot: Pilot[None], app: App[Any], expected: list[str]) -> None:
    for _ in range(100):
        await pilot.pause()
        if shown(app) == expected:
            return
    raise AssertionError(f"the footer shows {shown(app)}, not {expected}")


def line(app: App[Any]) -> str:
    """The footer's row as the terminal shows it."""
    strip = app.screen._compositor.render_strips()[-1]
    return "".join(segment.text for segment in strip)


async def test_the_footer_follows_focus_and_repaints_only_for_other_keys() -> None:
    app = FooterApp()
    async with app.run_test(size=(60, 10)) as pilot:
        app.query_one("#one").focus()
        await until_shown(pilot, app, ["Alpha", "Quit", "Off", "palette"])
        app.query_one("#other").focus()  # other keys: drawn again
        await until_shown(pilot, app, ["Beta", "Quit", "Off", "palette"])
        app.query_one("#one").focus()
        await until_shown(pilot, app, ["Alpha", "Quit", "Off", "palette"])
        draws = footer(app).draws
        app.query_one("#same").focus()  # the same keys: nothing drawn again
        for _ in range(5):  # a repaint, were there one, comes after a refresh
            await pilot.pause()
        assert app.focused is app.query_one("#same")
        assert footer(app).draws == draws
        # One widget's text, as Textual's footer lays its keys out: no widget per key.
        assert list(footer(app).children) == []
        row = line(app)
        assert row.startswith(" a Alpha  q Quit  x Off ")
        assert row.endswith(f"{PALETTE_EDGE}^p palette ")
        assert len(row) == 60


async def test_a_click_presses_the_key_and_a_disabled_one_rings_the_bell() -> None:
    app = FooterApp()
    bells: list[bool] = []
    app.bell = lambda: bells.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=(60, 10)) as pilot:
        app.query_one("#one").focus()
        await until_shown(pilot, app, ["Alpha", "Quit", "Off", "palette"])
        alpha, _quit, off, _palette = footer(app).shown_keys()
        assert not off.enabled
        await pilot.click(CountedFooter, offset=(alpha.start + 1, 0))
        await pilot.pause()
        assert app.query_one("#one", Keyed).pressed_keys == 1
        await pilot.click(CountedFooter, offset=(off.start + 1, 0))
        await pilot.pause()
        assert bells == [True]


async def test_the_key_under_the_pointer_is_highlighted_with_its_tooltip() -> None:
    app = FooterApp()
    async with app.run_test(size=(60, 10)) as pilot:
        app.query_one("#one").focus()
        await until_shown(pilot, app, ["Alpha", "Quit", "Off", "palette"])
        plain_row = app.screen._compositor.render_strips()[-1]
        alpha = footer(app).shown_keys()[0]
        await pilot.hover(CountedFooter, offset=(alpha.start + 1, 0))
        await pilot.pause()
        assert footer(app).tooltip == "Alpha, the tooltip"
        assert app.screen._compositor.render_strips()[-1] != plain_row
        await pilot.hover(Keyed, offset=(1, 1))  # away: as it was
        await pilot.pause()
        assert footer(app).tooltip is None
        assert app.screen._compositor.render_strips()[-1] == plain_row


async def test_keys_that_do_not_fit_are_counted_and_the_palette_keeps_its_place() -> None:
    app = FooterApp()
    async with app.run_test(size=(24, 10)) as pilot:
        app.query_one("#one").focus()
        await pilot.pause()
        await pilot.pause()
        bar = footer(app)
        # Quit stays in sight (see the next test); Alpha and Off do not fit, and a key
        # is shown whole or not at all.
        assert bar.keys_cut_off == 2
        assert line(app) == f" q Quit     {PALETTE_EDGE}^p palette "
        assert [key.description for key in bar.shown_keys()] == ["Quit", "palette"]


class HelpApp(FooterApp):
    BINDINGS = [*FooterApp.BINDINGS, Binding("f1", "help", "Help")]

    def action_help(self) -> None:
        pass


async def test_quit_and_help_stay_in_sight_when_the_keys_do_not_fit() -> None:
    app = HelpApp()
    async with app.run_test(size=(60, 10)) as pilot:  # everything fits: Textual's order
        app.query_one("#one").focus()
        await until_shown(pilot, app, ["Alpha", "Quit", "Off", "Help", "palette"])
        assert footer(app).keys_cut_off == 0
    app = HelpApp()
    async with app.run_test(size=(38, 10)) as pilot:  # 26 columns for 33 of keys
        app.query_one("#one").focus()
        await until_shown(pilot, app, ["Alpha", "Quit", "Help", "palette"])
        bar = footer(app)
        assert line(app).startswith(" a Alpha  q Quit  f1 Help ▏^p palette")
        assert bar.keys_cut_off == 1  # Off gave way: F1 lists it
