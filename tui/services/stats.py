"""What the stats view draws from: the newest submitted attempts, every first review, the
count of all submitted attempts, and every telling of a story (the charts are computed by
tui.core.stats, the story figures by tui.core.stories)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.records import AttemptSummary, HistoryQuery
from tui.core.stories import Telling
from tui.services.stories import tellings_of

if TYPE_CHECKING:
    from tui.store import Store

#: Attempts read for the history charts (the newest ones). The headline count and the
#: most-missed checks cover the whole history.
HISTORY_LIMIT = 2000


@dataclass(frozen=True)
class StatsData:
    """Submitted attempts and their rubric answers, as the stats view needs them."""

    attempts: list[AttemptSummary]
    checks: list[Mapping[str, bool]]
    total_submitted: int
    #: The first review's score of every submitted attempt, for the average.
    scores: list[int]
    #: Every submitted attempt that told a story, oldest first (times told, score trends).
    tellings: tuple[Telling, ...] = ()


def load_stats(store: Store) -> StatsData:
    """Read what the charts and lists need. A blind re-review is calibration: only each
    attempt's first review counts towards the checks and the scores."""
    attempts = store.attempts(HistoryQuery(limit=HISTORY_LIMIT))
    reviews = store.first_reviews()
    return StatsData(
        attempts=attempts,
        checks=[checks for _, checks in reviews],
        total_submitted=store.count_attempts(HistoryQuery()),
        scores=[score for score, _ in reviews],
        tellings=tellings_of(store.story_tellings()),
    )
