"""tui.services.drafts: an answer's life (start, autosave, submit, abandon) and the
lookups that offer a draft back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import make_prompt
from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.records import AnswerProgress
from tui.services.drafts import (
    DraftSnapshot,
    abandon_attempt,
    drafted_prompt_ids,
    newest_unfinished,
    save_draft,
    start_attempt,
    submit_attempt,
)
from tui.store import AttemptClosedError, Store

GROWTH = make_prompt("pm-growth", track="product-manager", title="Growing a marketplace")


def snapshot(attempt_id: int, *texts: str, elapsed_s: float = 30.0) -> DraftSnapshot:
    progress = AnswerProgress(tuple(drafts(*texts)), elapsed_s, timer_state={"step": 1})
    return DraftSnapshot(attempt_id=attempt_id, progress=progress)


def test_an_answer_is_started_autosaved_and_submitted(store: Store) -> None:
    attempt_id = start_attempt(store, PRICING, SIX_STEP, 900, now=T0)
    save_draft(store, snapshot(attempt_id, "goal", "users", elapsed_s=40.0))
    detail = store.attempt(attempt_id)
    assert detail.summary.status == "draft"
    assert [s.text for s in detail.steps][:2] == ["goal", "users"]
    assert detail.summary.elapsed_s == 40.0
    assert dict(detail.timer_state) == {"step": 1}

    when = T0 + timedelta(minutes=15)
    assert submit_attempt(store, snapshot(attempt_id, "goal", "users", "pain"), now=when) == (
        attempt_id
    )
    submitted = store.attempt(attempt_id).summary
    assert submitted.status == "submitted"
    assert submitted.submitted_at == when
    with pytest.raises(AttemptClosedError):  # a late autosave never rewrites it
        save_draft(store, snapshot(attempt_id, "changed"))


def test_an_attempt_in_a_round_remembers_its_run(store: Store) -> None:
    run_id = store.start_round("pm-loop", ["pm-pricing"], now=T0)
    attempt_id = start_attempt(store, PRICING, SIX_STEP, 600, round_run_id=run_id, now=T0)
    assert store.attempt(attempt_id).summary.round_run_id == run_id


def test_an_abandoned_draft_is_no_longer_offered(store: Store) -> None:
    attempt_id = start_attempt(store, PRICING, SIX_STEP, 900, now=T0)
    abandon_attempt(store, attempt_id)
    assert store.attempt(attempt_id).summary.status == "abandoned"
    assert newest_unfinished(store) is None
    assert drafted_prompt_ids(store) == set()


def test_the_newest_draft_outside_rounds_is_offered_with_how_many_more_wait(
    store: Store,
) -> None:
    older = start_attempt(store, PRICING, SIX_STEP, 900, now=T0)
    newer = start_attempt(store, GROWTH, SIX_STEP, 900, now=T0 + timedelta(minutes=1))
    save_draft(store, snapshot(older, "kept"))  # saved last: the most recent
    run_id = store.start_round("pm-loop", ["pm-pricing"], now=T0)
    start_attempt(store, PRICING, SIX_STEP, 600, round_run_id=run_id, now=T0)

    found = newest_unfinished(store)
    assert found is not None
    assert found.detail.summary.id == older
    assert found.detail.steps[0].text == "kept"
    assert found.others == 1  # the round's draft belongs to its round

    growth = newest_unfinished(store, prompt_id="pm-growth")
    assert growth is not None
    assert (growth.detail.summary.id, growth.others) == (newer, 0)
    assert newest_unfinished(store, prompt_id="pm-growth", skip={newer}) is None
    skipped = newest_unfinished(store, skip={older})
    assert skipped is not None
    assert skipped.detail.summary.id == newer


def test_drafted_prompts_leave_out_submitted_answers_and_round_drafts(store: Store) -> None:
    start_attempt(store, PRICING, SIX_STEP, 900, now=T0)
    done = start_attempt(store, GROWTH, SIX_STEP, 900, now=T0)
    submit_attempt(store, snapshot(done, "all of it"), now=T0)
    run_id = store.start_round("pm-loop", ["pm-growth"], now=T0)
    start_attempt(store, GROWTH, SIX_STEP, 600, round_run_id=run_id, now=T0)
    assert drafted_prompt_ids(store) == {"pm-pricing"}
