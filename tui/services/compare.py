"""Comparing two attempts of one prompt: read both and build the comparison.

The figures themselves (rubric answers, insights, time against budget, and which way each
moved) are plain logic in tui.core.comparison; this use case reads the two attempts and
looks up, in the library the screen passes, what that logic needs: the prompt's scaffold
(its rubric and budgets) and the track's key terms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.answer_text import WORDS_PER_MINUTE
from tui.core.comparison import Comparison, compare_attempts
from tui.services.history import load_pair

if TYPE_CHECKING:
    from tui.core.model import Library
    from tui.store import Store


def load_comparison(
    store: Store,
    older_id: int,
    newer_id: int,
    *,
    library: Library,
    words_per_minute: int = WORDS_PER_MINUTE,
) -> Comparison:
    """The attempts `older_id` and `newer_id` side by side, judged figure by figure."""
    older, newer = load_pair(store, older_id, newer_id)
    scaffold = library.scaffolds.get(newer.summary.scaffold_id) or library.scaffolds.get(
        older.summary.scaffold_id
    )
    track = library.tracks.get(newer.summary.track_id)
    return compare_attempts(
        older,
        newer,
        scaffold=scaffold,
        glossary=track.glossary if track else (),
        words_per_minute=words_per_minute,
    )
