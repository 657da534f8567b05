"""Markdown for content and answers, safe for the terminal.

Its own module because importing Textual's Markdown (markdown-it) costs ~40 ms: screens
that must paint fast import it after their first frame.
"""

from __future__ import annotations

from collections import OrderedDict

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Markdown

from screens.widgets import is_safe_link


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


class MarkdownPanes(Widget):
    """One text at a time from a set, each rendered once: `show` swaps panes.

    Rendering Markdown is costly (a track's overview took 0.3 s of CPU, a frame's budget
    many times over), and a list's preview shows the same few texts again and again as
    the cursor moves. Each text gets its own SafeMarkdown, rendered the first time it is
    shown and kept (hidden) for the next time, up to `keep` of them (the least recently
    shown goes first). The container takes the place (id, classes, CSS) of the single
    Markdown it replaces; the panes inside have no padding of their own.
    """

    DEFAULT_CSS = """
    MarkdownPanes {
        height: auto;
        layout: vertical;
    }
    MarkdownPanes > SafeMarkdown {
        padding: 0;
    }
    """

    def __init__(
        self,
        markdown: str | None = None,
        *,
        keep: int = 16,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.keep = keep
        self._panes: OrderedDict[str, SafeMarkdown] = OrderedDict()
        self._first = markdown or ""

    def compose(self) -> ComposeResult:
        pane = SafeMarkdown(self._first)
        self._panes[self._first] = pane
        yield pane

    @property
    def source(self) -> str:
        """The text shown now."""
        return next(reversed(self._panes), "")

    def show(self, text: str) -> None:
        """Show `text`: its pane if rendered already, else a new one."""
        if not self.is_mounted:  # before compose: the first pane is this text
            self._first = text
            return
        shown = self.source
        if text == shown and text in self._panes:
            return
        pane = self._panes.pop(text, None)
        if pane is None:
            pane = SafeMarkdown(text)
            pane.display = False
            self.mount(pane)
        self._panes[text] = pane
        with self.app.batch_update():
            if shown in self._panes:
                self._panes[shown].display = False
            pane.display = True
        while len(self._panes) > self.keep:
            _text, oldest = self._panes.popitem(last=False)
            oldest.remove()
