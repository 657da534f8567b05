"""tui.services.progress: the counts the lists show and today's next-up suggestions."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import make_prompt
from tests.services.test_drafts import GROWTH
from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.model import Prompt
from tui.core.records import AnswerProgress
from tui.services.progress import (
    NEXT_UP_CAP,
    PracticeSoFar,
    attempts_by_track,
    next_up_suggestions,
    practice_so_far,
    prompt_progress,
)
from tui.store import Store


def submit(store: Store, prompt: Prompt = PRICING, minutes: int = 0) -> int:
    when = T0 + timedelta(minutes=minutes)
    attempt_id = store.start_attempt(prompt, SIX_STEP, 900, now=when)
    store.submit(attempt_id, AnswerProgress(tuple(drafts("a")), elapsed_s=60), now=when)
    return attempt_id


def test_attempts_are_counted_per_track_and_per_prompt_with_drafts(store: Store) -> None:
    submit(store)
    submit(store, minutes=1)
    store.start_attempt(GROWTH, SIX_STEP, 900, now=T0)  # a draft waiting
    run_id = store.start_round("pm-loop", ["pm-pricing"], now=T0)
    store.start_attempt(PRICING, SIX_STEP, 600, round_run_id=run_id, now=T0)  # its round's
    assert attempts_by_track(store) == {"product-manager": 2}
    found = prompt_progress(store)
    assert found.attempts == {"pm-pricing": 2}
    assert found.drafted == {"pm-growth"}


def test_practice_so_far_counts_attempts_since_midnight(store: Store) -> None:
    submit(store, minutes=0)  # 09:00 on T0's day
    submit(store, minutes=-24 * 60)  # the day before
    store.put_schedule(PRICING.id, "{}", T0 + timedelta(days=3))
    so_far = practice_so_far(store, T0 + timedelta(hours=2))
    assert so_far.done_today == 1
    assert so_far.practised == {"pm-pricing": 2}
    assert so_far.due == {"pm-pricing": T0 + timedelta(days=3)}


def test_suggestions_put_a_due_prompt_first_and_stop_at_the_daily_cap() -> None:
    prompts = [make_prompt(f"p{n}", category=f"c{n}") for n in range(NEXT_UP_CAP + 3)]
    so_far = PracticeSoFar(due={"p4": T0 - timedelta(days=2)}, practised={"p4": 1}, done_today=0)
    suggested = next_up_suggestions(prompts, so_far, now=T0)
    assert suggested[0].prompt_id == "p4"
    assert suggested[0].source == "due"
    assert len(suggested) == NEXT_UP_CAP
    busy = PracticeSoFar(due=so_far.due, practised=so_far.practised, done_today=NEXT_UP_CAP)
    [extra] = next_up_suggestions(prompts, busy, now=T0)
    assert extra.reason.startswith("extra · ")


def test_the_daily_cap_comes_from_the_settings_when_given() -> None:
    prompts = [make_prompt(f"p{n}", category=f"c{n}") for n in range(12)]
    so_far = PracticeSoFar(due={}, practised={}, done_today=0)
    assert len(next_up_suggestions(prompts, so_far, now=T0, daily_cap=8)) == 8
    assert len(next_up_suggestions(prompts, so_far, now=T0, daily_cap=2)) == 2
