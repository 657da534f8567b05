"""Hints for problem messages: the known name a misspelt one most likely meant.

Its own module (difflib only) because the cross-file checks need it and they run on every
start, while the field checks around it (`tui.library.fields`) import PyYAML.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known name `value` is most likely a misspelling of, if one is close enough."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(close: str | None) -> str:
    """The hint ` — did you mean "close"?` for a message, or "" when nothing is close."""
    return f' — did you mean "{close}"?' if close else ""
