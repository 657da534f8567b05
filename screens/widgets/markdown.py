"""Markdown for content and answers, safe for the terminal.

Its own module because importing Textual's Markdown (markdown-it) costs ~40 ms: screens
that must paint fast import it after their first frame.

- SafeMarkdown: Textual's Markdown widget (a widget per block), for texts shown once.
- MarkdownText: one widget drawing Rich's rendering, for the previews beside a list that
  change on every cursor move (tracks, prompts, rounds).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType, RenderResult
from rich.markdown import Heading, MarkdownElement
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Markdown
from textual.worker import get_current_worker

from screens.widgets import content_options, is_safe_link


class SafeMarkdown(Markdown):
    """Markdown for content files: links open only when they are http(s).

    The loader already strips control characters from content, so nothing here can write
    an escape sequence to the terminal.
    """

    def __init__(
        self, markdown: str | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(markdown, id=id, classes=classes, open_links=False)
        self._shown_text = markdown

    def show(self, text: str) -> None:
        """Show `text`, skipping the (costly) re-render when it is what is shown already.

        Live content publishes a new library on every file change; most of the time the
        text beside the list has not changed at all.
        """
        if text != self._shown_text:
            self._shown_text = text
            self.update(text)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if is_safe_link(event.href):
            self.app.open_url(event.href)
        else:
            self.notify(
                f"Not opening {event.href!r}: only http(s) links open.",
                severity="warning",
                markup=False,
            )


class _LeftHeading(Heading):
    """Rich centres a first-level heading; beside a list, every heading sits left."""

    LEVEL_ALIGN: ClassVar[dict[str, JustifyMethod]] = dict.fromkeys(Heading.LEVEL_ALIGN, "left")


class _RichMarkdown(RichMarkdown):
    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **RichMarkdown.elements,
        "heading_open": _LeftHeading,
    }


class _DrawnOnce:
    """Markdown parsed once and drawn once per width: its lines are kept, for measuring
    the height and for every later draw (a widget of auto height draws twice)."""

    def __init__(self, text: str) -> None:
        # hyperlinks=False: a link's address shows beside its text, nothing opens.
        self.renderable = _RichMarkdown(text, hyperlinks=False)
        self.lines: tuple[int, list[list[Segment]]] | None = None
        #: The console and options of the last draw, for drawing other texts ahead.
        self.drawn_with: tuple[Console, ConsoleOptions] | None = None

    def draw(self, console: Console, options: ConsoleOptions) -> list[list[Segment]]:
        width = options.max_width
        if self.lines is None or self.lines[0] != width:
            lines = console.render_lines(self.renderable, options.update(height=None), pad=False)
            self.lines = (width, lines)  # the last width only: a resize draws again
        return self.lines[1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.drawn_with = (console, options)
        new_line = Segment.line()
        for line in self.draw(console, options):
            yield from line
            yield new_line


@dataclass(frozen=True)
class DrawnAhead:
    """A text drawn off the UI thread (`MarkdownText.draw_ahead`)."""

    text: str
    drawn: _DrawnOnce


class MarkdownText(Widget):
    """Markdown drawn as one block of text (Rich's renderer): cheap to show, cheap to swap.

    Textual's Markdown widget builds a widget per block (a track's overview: ~500) and
    laying those out cost 0.3 s of CPU on every change, a frame's budget many times over.
    Here a text is parsed and drawn once and kept for the next time it is shown (up to
    `keep` texts, the least recently shown go first); `prepare` draws texts ahead, in a
    thread, so even the first visit is a swap. Links show their address and never open.
    Content files are sanitised by the loader: no escape sequence reaches the terminal.
    """

    DEFAULT_CSS = """
    MarkdownText {
        height: auto;
    }
    """

    def __init__(
        self,
        markdown: str | None = None,
        *,
        keep: int = 32,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.keep = keep
        self._drawn: OrderedDict[str, _DrawnOnce] = OrderedDict()
        self._source = ""
        #: The lines in sight as strips, for the text, width and style they were made for.
        self._strips: dict[int, Strip] = {}
        self._strips_for: tuple[str, int, Style] | None = None
        self._lines_drawn: list[list[Segment]] = []  # the text's lines at that width
        self.show(markdown or "")

    @staticmethod
    def warm_up() -> None:
        """Import and set up the parser (markdown-it's rules, Rich's renderer: ~0.1 s and
        more on a busy machine) by parsing a small text: call it off the UI thread before
        the first MarkdownText is shown."""
        _RichMarkdown("# Title\n\nSome *text* with `code`.\n\n- a list\n", hyperlinks=False)

    @property
    def source(self) -> str:
        """The text shown now."""
        return self._source

    def show(self, text: str) -> None:
        """Show `text` (drawn already if it was shown or prepared before)."""
        if text == self._source and text in self._drawn:
            return
        self._source = text
        drawn = self._drawn.pop(text) if text in self._drawn else _DrawnOnce(text)
        self._keep(text, drawn)
        self.refresh(layout=True)

    @staticmethod
    def draw_ahead(text: str, console: Console, options: ConsoleOptions) -> DrawnAhead:
        """`text` parsed and drawn at `options.max_width`, off the UI thread, for a
        MarkdownText to `adopt` (the first text a screen shows, before the widget exists:
        drawing it on the UI thread held a frame back ~40 ms)."""
        drawn = _DrawnOnce(text)
        drawn.draw(console, options)
        return DrawnAhead(text, drawn)

    def adopt(self, ahead: DrawnAhead) -> None:
        """Keep a text drawn by `draw_ahead`: showing it is a swap if the width matches."""
        self._arrived(ahead.text, ahead.drawn)

    def _keep(self, text: str, drawn: _DrawnOnce) -> None:
        self._drawn[text] = drawn
        self._drawn.move_to_end(self._source)  # the one shown is never dropped
        while len(self._drawn) > self.keep:
            self._drawn.popitem(last=False)

    def prepare(self, texts: Iterable[str]) -> None:
        """Draw `texts` ahead, off the UI thread, at the width of the last draw."""
        shown = self._drawn.get(self._source)
        drawn_with = shown.drawn_with if shown else None
        todo = [t for t in dict.fromkeys(texts) if t not in self._drawn][: self.keep - 1]
        if drawn_with is None or not todo:
            return
        self.run_worker(
            partial(self._draw_ahead, todo, *drawn_with),
            thread=True,
            group="markdown-ahead",
            exclusive=True,
            exit_on_error=False,
        )

    def _draw_ahead(self, texts: list[str], console: Console, options: ConsoleOptions) -> None:
        worker = get_current_worker()
        for text in texts:
            if worker.is_cancelled:
                return
            drawn = _DrawnOnce(text)
            drawn.draw(console, options)
            self.app.call_from_thread(self._arrived, text, drawn)

    def _arrived(self, text: str, drawn: _DrawnOnce) -> None:
        if text not in self._drawn:
            self._drawn[text] = drawn
            self._drawn.move_to_end(text, last=False)  # first to go: never shown yet
            while len(self._drawn) > self.keep:
                self._drawn.popitem(last=False)

    def drawn_runs(self, text: str, height: int) -> tuple[int, list[list[tuple[str, str]]]] | None:
        """The first `height` lines of `text` as last drawn here, as (width, lines of
        (text, style) runs): plain data for tui.services.first_screen. None if it was not
        drawn."""
        drawn = self._drawn.get(text)
        if drawn is None or drawn.lines is None:
            return None
        width, lines = drawn.lines
        return width, [
            [(seg.text, str(seg.style) if seg.style else "") for seg in line if seg.text]
            for line in lines[:height]
        ]

    # -- drawing: only the lines in sight -------------------------------------------
    # A line at a time (Textual's line API) rather than `render()`: a rendered widget is
    # drawn whole, and a track's overview is ~100 lines of which ~13 show. Each repaint
    # turned every line into strips again: 7-15 ms on the UI thread for the tracks
    # overview (bench/startup.py), on every cursor move and scroll.

    def _lines(self, width: int) -> list[list[Segment]]:
        drawn = self._drawn[self._source]
        options = content_options(self.app, width)
        drawn.drawn_with = (self.app.console, options)
        return drawn.draw(self.app.console, options)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.visual_style.rich_style
        key = (self._source, width, base)
        if self._strips_for != key:
            self._strips_for = key
            self._strips = {}
            self._lines_drawn = self._lines(width)
        strip = self._strips.get(y)
        if strip is None:
            lines = self._lines_drawn
            if y >= len(lines):
                return Strip.blank(width, base)
            # As textual.widget._Styled does: the widget's style under each segment's.
            strip = Strip(
                [Segment(text, base + style if style else base) for text, style, _ in lines[y]]
            )
            self._strips[y] = strip
        return strip

    def render(self) -> RenderableType:
        return self._drawn[self._source]
