"""tui.services.stories: the story bank's figures from the store, a story's FSRS card
rebuilt by the reviews of the attempts that told it, the drill's next question."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.model import Library, Story
from tui.core.records import AnswerProgress
from tui.core.scheduling import rebuild_schedule
from tui.services.reviews import save_review
from tui.services.stories import drill_question, load_bank, story_attempts
from tui.store import Store

STORY = Story("outage", "The Friday outage", ("candor",))


def told(store: Store, story_id: str | None, minutes: int, score: int | None) -> int:
    when = T0 + timedelta(minutes=minutes)
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=when, story_id=story_id)
    store.submit(attempt_id, AnswerProgress(tuple(drafts("a")), elapsed_s=60), now=when)
    if score is not None:
        save_review(store, attempt_id, PRICING.id, checks={}, score=score, notes="", now=when)
    return attempt_id


def test_a_review_schedules_the_story_it_told(store: Store) -> None:
    told(store, "outage", 0, 4)
    told(store, "outage", 10, 2)
    told(store, None, 20, 5)  # told no story: no story card changes
    states = store.story_schedule_states()
    assert set(states) == {"outage"}
    expected = rebuild_schedule([(4, T0), (2, T0 + timedelta(minutes=10))])
    assert expected is not None
    assert states["outage"] == expected


def test_the_bank_holds_every_telling_oldest_first(store: Store) -> None:
    told(store, "outage", 0, 4)
    told(store, "reorg", 5, None)
    told(store, "outage", 10, 3)
    bank = load_bank(store)
    assert [(t.story_id, t.score) for t in bank.tellings] == [
        ("outage", 4),
        ("reorg", None),
        ("outage", 3),
    ]
    assert set(bank.due) == {"outage"}  # reorg was never reviewed
    assert [a.score for a in story_attempts(store, "outage")] == [4, 3]


def test_the_drill_asks_a_question_the_story_has_not_answered(store: Store) -> None:
    asked = replace(PRICING, id="asked", kind="behavioral", competencies=("candor",))
    fresh = replace(PRICING, id="fresh", title="Zz", kind="behavioral", competencies=("candor",))
    other = replace(PRICING, id="other", kind="behavioral", competencies=("trust",))
    library = Library(prompts={p.id: p for p in (asked, fresh, other)}, stories={"outage": STORY})
    when = T0
    attempt_id = store.start_attempt(asked, SIX_STEP, 900, now=when, story_id="outage")
    store.submit(attempt_id, AnswerProgress(tuple(drafts("a")), elapsed_s=60), now=when)
    bank = load_bank(store)
    question = drill_question(library, STORY, bank)
    assert question is not None and question.id == "fresh"
    assert drill_question(library, STORY, bank, skip=("fresh",)) is None


def test_the_stats_data_holds_every_telling_of_a_story(store: Store) -> None:
    from tui.services.stats import load_stats

    told(store, "outage", 0, 4)
    told(store, None, 10, 5)
    told(store, "outage", 20, 2)
    data = load_stats(store)
    assert [(t.story_id, t.score) for t in data.tellings] == [("outage", 4), ("outage", 2)]
    assert data.total_submitted == 3
