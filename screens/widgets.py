"""Small text helpers shared by several screens (cheap to import: no Markdown here)."""

from __future__ import annotations

from urllib.parse import urlparse

from rich.text import Text

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
