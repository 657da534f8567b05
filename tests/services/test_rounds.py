"""tui.services.rounds: a run is started, moved on, resumed, finished or ended early."""

from __future__ import annotations

from datetime import timedelta

from tests.services.test_drafts import GROWTH
from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.records import AnswerProgress
from tui.services.rounds import (
    advance_round,
    end_round,
    finish_round,
    past_rounds,
    resume_point,
    round_attempts,
    start_round,
    unfinished_rounds,
)
from tui.store import Store

IDS = ("pm-pricing", "pm-growth")


def answer(store: Store, run_id: int, *, text: str, elapsed_s: float, submit: bool) -> int:
    prompt = PRICING if not round_attempts(store, run_id) else GROWTH
    attempt_id = store.start_attempt(prompt, SIX_STEP, 600, round_run_id=run_id, now=T0)
    steps = drafts(text)
    if submit:
        store.submit(attempt_id, AnswerProgress(tuple(steps), elapsed_s=elapsed_s), now=T0)
    else:
        timer = {"elapsed": elapsed_s}
        store.save_draft(
            attempt_id, AnswerProgress(tuple(steps), elapsed_s=elapsed_s, timer_state=timer)
        )
    return attempt_id


def test_a_run_moves_on_and_says_the_round_time_used(store: Store) -> None:
    run_id = start_round(store, "pm-loop", IDS, now=T0)
    [running] = unfinished_rounds(store)
    assert (running.id, running.prompt_ids, running.position) == (run_id, IDS, 0)
    answer(store, run_id, text="a", elapsed_s=300.0, submit=True)
    assert advance_round(store, run_id, 1) == 300.0
    assert unfinished_rounds(store)[0].position == 1
    answer(store, run_id, text="b", elapsed_s=200.0, submit=True)
    finish_round(store, run_id, now=T0 + timedelta(minutes=10))
    assert unfinished_rounds(store) == []
    assert [a.status for a in round_attempts(store, run_id)] == ["submitted", "submitted"]


def test_resuming_skips_submitted_questions_and_picks_up_the_draft(store: Store) -> None:
    run_id = start_round(store, "pm-loop", IDS, now=T0)
    answer(store, run_id, text="a", elapsed_s=300.0, submit=True)  # position never saved
    draft = answer(store, run_id, text="half", elapsed_s=120.0, submit=False)
    [record] = unfinished_rounds(store)
    point = resume_point(store, record)
    assert point.position == 1
    assert point.draft is not None and point.draft.summary.id == draft
    assert point.used_s == 300.0  # the draft's timer carries its own 120 s


def test_resuming_a_run_with_every_question_submitted_points_past_the_end(
    store: Store,
) -> None:
    run_id = start_round(store, "pm-loop", IDS, now=T0)
    answer(store, run_id, text="a", elapsed_s=10.0, submit=True)
    answer(store, run_id, text="b", elapsed_s=20.0, submit=True)
    point = resume_point(store, unfinished_rounds(store)[0])
    assert (point.position, point.draft, point.used_s) == (2, None, 30.0)


def test_ending_a_run_submits_a_draft_with_text_and_stops_offering_it(store: Store) -> None:
    run_id = start_round(store, "pm-loop", IDS, now=T0)
    answer(store, run_id, text="a", elapsed_s=300.0, submit=True)
    kept = answer(store, run_id, text="half an answer", elapsed_s=120.0, submit=False)
    ended = T0 + timedelta(minutes=9)
    end_round(store, run_id, now=ended)
    assert unfinished_rounds(store) == []
    detail = store.attempt(kept)
    assert detail.summary.status == "submitted"
    assert detail.summary.submitted_at == ended
    assert detail.summary.elapsed_s == 120.0
    assert detail.steps[0].text == "half an answer"
    assert dict(detail.timer_state) == {"elapsed": 120.0}


def test_ending_a_run_abandons_an_empty_draft(store: Store) -> None:
    run_id = start_round(store, "pm-loop", IDS, now=T0)
    empty = answer(store, run_id, text="   ", elapsed_s=30.0, submit=False)
    end_round(store, run_id, now=T0)
    assert store.attempt(empty).summary.status == "abandoned"
    assert unfinished_rounds(store) == []


def test_past_rounds_are_ended_runs_and_their_attempts_know_their_part(store: Store) -> None:
    finished = start_round(store, "pm-loop", IDS, now=T0)
    answer(store, finished, text="first", elapsed_s=30, submit=True)
    second = answer(store, finished, text="second", elapsed_s=40, submit=True)
    finish_round(store, finished, now=T0 + timedelta(minutes=5))
    start_round(store, "pm-loop", IDS, now=T0 + timedelta(hours=1))  # still running
    [past] = past_rounds(store)
    assert (past.record.id, past.record.status, past.answered) == (finished, "finished", 2)
    assert past_rounds(store, ["another-round"]) == []
    part = store.attempt(second).round_part
    assert part is not None and (part.run_id, part.number, part.of) == (finished, 2, 2)
