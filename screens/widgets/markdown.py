"""Markdown for content and answers, safe for the terminal.

Its own module because importing Textual's Markdown (markdown-it) costs ~40 ms: screens
that must paint fast import it after their first frame.
"""

from __future__ import annotations

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
