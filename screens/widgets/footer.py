"""The footer: the keys of what has focus and of its screen, drawn as one line of text.

Textual's Footer is a container holding a widget per key, and it removes and mounts them
all again whenever the bindings may have changed: on each focus move (twice), on each
screen opened, right after the first frame. Mounting and styling ten keys cost 20-60 ms
on the UI thread each time (the largest task after the first frame, bench/startup.py;
four of them as history opened, bench/history_screen.py). Here the keys are one widget's
text, read from the screen's bindings as it draws: a change of keys is a repaint, and the
first frame has its keys already.

It looks as Textual's footer does (the same theme variables, paddings and the palette's
key at the right), and works the same: a click presses the key (a disabled key rings the
bell), the key under the pointer is highlighted and its tooltip shown. One difference:
keys that do not fit are left out rather than scrolled to (a key is shown whole or not at
all), and quit and help (F1, which lists them all) are kept in sight ahead of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.dom import NoScreen
from textual.widget import Widget

if TYPE_CHECKING:
    from textual import events
    from textual.binding import Binding
    from textual.screen import Screen

#: The actions whose keys stay in sight when the keys do not all fit: quitting (the app's
#: ctrl+q, or a screen's own q) and help, F1, which lists the rest.
KEPT_IN_SIGHT = frozenset({"quit", "app.quit", "help"})

#: The palette key's left edge (Textual's footer draws it as a `vkey` border).
PALETTE_EDGE = "▏"


@dataclass(frozen=True)
class ShownKey:
    """One key as the footer shows it, and the columns it takes (start <= x < end)."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    start: int = 0
    end: int = 0


class SteadyFooter(Widget, can_focus=False):
    """The keys of the focused widget and its screen (one per action), and the palette's."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer--key",
        "footer--description",
        "footer--hover",
        "footer--palette-edge",
    }
    DEFAULT_CSS = """
    SteadyFooter {
        dock: bottom;
        width: 1fr;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .footer--palette-edge {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True) -> None:
        super().__init__()
        #: Less space around each key (the answering screen fits more keys in 80 columns).
        self.compact = compact
        self.show_command_palette = show_command_palette
        #: The keys as drawn last (with their columns), and what they were drawn from.
        self._shown: tuple[list[ShownKey], ShownKey | None] = ([], None)
        self._drawn_from: tuple[list[ShownKey], ShownKey | None] | None = None
        self._hover: str | None = None  # the action of the key under the pointer
        #: Keys left out when last drawn: they did not fit (F1 lists them).
        self.keys_cut_off = 0

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        # As Textual's footer: keys stay as they are while the terminal has lost focus.
        here = screen.app.app_focus and self.is_attached and screen is self.screen
        if here and self._wanted() != self._drawn_from:
            self.refresh()

    def shown_keys(self) -> list[ShownKey]:
        """The keys drawn now, from left to right, with the palette's last (if shown)."""
        keys, palette = self._shown
        return [*keys, palette] if palette else list(keys)

    # -- what to show ----------------------------------------------------------------

    def _wanted(self) -> tuple[list[ShownKey], ShownKey | None]:
        """The keys the screen's bindings call for: the first binding of each action
        shown (as Textual's footer), and the palette's key if there is one."""
        try:
            active = self.screen.active_bindings
        except NoScreen:  # its screen is closing: nothing left to show keys for
            return [], None
        by_action: dict[str, ShownKey] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = self._key(binding, enabled, tooltip)
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = self._key(binding, enabled, binding.tooltip or binding.description)
        return list(by_action.values()), palette

    def _key(self, binding: Binding, enabled: bool, tooltip: str) -> ShownKey:
        return ShownKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            enabled,
            tooltip,
        )

    # -- drawing ---------------------------------------------------------------------

    def render(self) -> Text:
        keys, palette = self._drawn_from = self._wanted()
        width = self.size.width
        palette_text = self._palette_text(palette) if palette else Text()
        room = max(0, width - len(palette_text))
        line = Text(no_wrap=True, overflow="crop", end="")
        placed: list[ShownKey] = []
        texts = [(key, self._key_text(key, compact=self.compact)) for key in keys]
        ordered = self._kept_in_sight(texts, room)
        for key, text in ordered:
            start = len(line)
            if start + len(text) > room:
                break  # a key shown in part would read as another word: none at all
            line.append_text(text)
            placed.append(replace(key, start=start, end=start + len(text)))
            if self.compact:
                line.append(" ")  # Textual's compact footer keeps a column between keys
        line.truncate(room, pad=True)
        placed_palette = None
        if palette:
            placed_palette = replace(palette, start=room + 1, end=width)  # the edge is not the key
            line.append_text(palette_text)
        self._shown = (placed, placed_palette)
        self.keys_cut_off = len(ordered) - len(placed)
        line.stylize_before(self.rich_style)
        return line

    def _kept_in_sight(
        self, texts: list[tuple[ShownKey, Text]], room: int
    ) -> list[tuple[ShownKey, Text]]:
        """The keys in the order drawn. When they do not all fit, quit and help (F1, which
        lists every key) move forward to where they are still in sight, and the keys that
        give way are the screen's last: at 80 columns the tracks screen's own keys used to
        push both off the edge."""
        spacing = 1 if self.compact else 0
        kept = [(key, text) for key, text in texts if key.action in KEPT_IN_SIGHT]
        if not kept:
            return texts
        last_kept = max(n for n, (key, _) in enumerate(texts) if key.action in KEPT_IN_SIGHT)
        if sum(len(text) + spacing for _, text in texts[: last_kept + 1]) <= room:
            return texts  # all of them in sight already
        others = [(key, text) for key, text in texts if key.action not in KEPT_IN_SIGHT]
        left = room - sum(len(text) + spacing for _, text in kept)
        place = 0  # how many of the others go first: as many as leave the kept ones room
        while place < len(others) and len(others[place][1]) + spacing <= left:
            left -= len(others[place][1]) + spacing
            place += 1
        return [*others[:place], *kept, *others[place:]]

    def _key_text(self, key: ShownKey, *, compact: bool) -> Text:
        """One key as Textual's FooterKey draws it: the key, then its description."""
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        if not key.description:
            text = Text(key.display, key_style)
        elif compact:
            text = Text.assemble(
                (key.display, key_style), (f" {key.description}", description_style)
            )
        else:
            text = Text.assemble(
                (f" {key.display} ", key_style), (f"{key.description} ", description_style)
            )
        if key.action == self._hover:
            hover = self.get_component_rich_style("footer--hover")
            text.stylize(Style(bgcolor=hover.bgcolor))
            text.stylize_before(hover)
        if not key.enabled:
            text.stylize_before(Style(dim=True))
        return text

    def _palette_text(self, palette: ShownKey) -> Text:
        """The palette's key, at the right: its edge, the key drawn compact, and (in a full
        footer) a column after it."""
        edge = self.get_component_rich_style("footer--palette-edge")
        text = Text(PALETTE_EDGE, Style(color=edge.color))
        text.append_text(self._key_text(palette, compact=True))
        if not self.compact:
            text.append(" ")
        return text

    # -- the pointer -----------------------------------------------------------------

    def _key_at(self, x: int) -> ShownKey | None:
        return next((key for key in self.shown_keys() if key.start <= x < key.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        hover = key.action if key else None
        if hover != self._hover:
            self._hover = hover
            self.tooltip = (key.tooltip or key.description) if key else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
