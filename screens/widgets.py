"""Small widgets shared by several screens."""

from __future__ import annotations

from urllib.parse import urlparse

from rich.text import Text
from textual.widgets import Markdown

SAFE_LINK_SCHEMES = frozenset({"http", "https"})


def plain(value: object) -> Text:
    """Content or user text as a cell or label that is never parsed as markup."""
    return Text(str(value))


def plural(count: int, noun: str) -> str:
    """`1 prompt`, `2 prompts`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def is_safe_link(href: str) -> bool:
    """Only web links may be opened; file:, javascript:, ssh: and the rest never are."""
    return urlparse(href.strip()).scheme.lower() in SAFE_LINK_SCHEMES


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
