"""What history's drop-downs offer: tracks, kinds, prompts, periods, statuses and rounds.

A track or prompt the screen was opened with stays selectable even when it is gone from
the library (its attempts are still in the database).
"""

from __future__ import annotations

from rich.console import RenderableType

from screens.widgets import plain
from tui.core.model import Library
from tui.core.records import ANY_ROUND, AttemptStatus, HistoryQuery

PERIODS: tuple[tuple[str, int], ...] = (
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 90 days", 90),
    ("Last year", 365),
)
KINDS = ("case", "behavioral", "design")
# What the status drop-down offers, and the statuses each one queries.
SHOW: tuple[tuple[str, str, tuple[AttemptStatus, ...]], ...] = (
    ("Submitted", "submitted", ("submitted",)),
    ("Drafts", "draft", ("draft",)),
    ("Both", "all", ("submitted", "draft")),
)
SHOW_STATUSES = {value: statuses for _label, value, statuses in SHOW}


def track_options(library: Library, opened_with: str) -> list[tuple[RenderableType, str]]:
    options: list[tuple[RenderableType, str]] = [
        (plain(t.title), t.id) for t in library.tracks.values()
    ]
    if opened_with and opened_with not in library.tracks:
        options.append((plain(opened_with), opened_with))
    return options


def prompt_options(
    library: Library, track_id: str, opened_with: str
) -> list[tuple[RenderableType, str]]:
    """The prompts of `track_id` (every prompt if none), by title."""
    chosen = [p for p in library.prompts.values() if not track_id or p.track == track_id]
    options: list[tuple[RenderableType, str]] = [
        (plain(p.title), p.id) for p in sorted(chosen, key=lambda p: p.title)
    ]
    if opened_with and all(value != opened_with for _, value in options):
        options.append((plain(opened_with), opened_with))
    return options


def round_options(library: Library, track_id: str = "") -> list[tuple[RenderableType, str]]:
    """ "Any round" (attempts made in a mock round), then each round of `track_id` (every
    round if none) by title: the attempts made in its runs."""
    chosen = [r for r in library.rounds.values() if not track_id or r.track == track_id]
    rounds = sorted(chosen, key=lambda r: (r.title.lower(), r.id))
    return [("Any round", ANY_ROUND), *((plain(r.title), r.id) for r in rounds)]


def empty_message(query: HistoryQuery) -> str:
    """What an empty table says: how to clear the filters, or how attempts get here."""
    filtered = any(
        (
            query.text,
            query.kind,
            query.track_id,
            query.prompt_id,
            query.since is not None,
            query.round_id,
        )
    )
    if filtered:
        return (
            "No attempt matches these filters. To clear them: escape in the text box, "
            'and "All …" in each drop-down above.'
        )
    if query.statuses == ("draft",):
        return 'No unfinished drafts. An answer you leave with "keep draft" shows here.'
    return "No attempts yet. Practise a prompt and submit it: it shows here."
