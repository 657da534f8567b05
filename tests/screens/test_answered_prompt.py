"""Issue 13: an attempt keeps the prompt as it was answered (schema v2 stores it with the
attempt; here the load is wrapped so the snapshot's question differs from the file's)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from screens.attempt import AttemptScreen
from screens.widgets.markdown import SafeMarkdown
from tests.conftest import FROZEN_NOW
from tests.pilot_helpers import settle, store_of
from tui.core.records import (
    AnswerProgress,
    AttemptDetail,
    PromptSnapshot,
    SnapshotStep,
    StepDraft,
)
from tui.services import history
from tui.services.export import _attempt_dict, attempt_markdown

ANSWERED = "How would you help parents on one shared account? (as it was answered)"


def with_snapshot(detail: AttemptDetail) -> AttemptDetail:
    steps = (SnapshotStep("Goal", 60),)
    snapshot = PromptSnapshot("Busy parents", ANSWERED, "six-step", "Six-step", steps, 600)
    return replace(detail, prompt_snapshot=snapshot)


async def test_attempt_screen_shows_the_question_it_answered(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = history.load_attempt
    monkeypatch.setattr(
        history, "load_attempt", lambda store, attempt_id: with_snapshot(real(store, attempt_id))
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        store = store_of(app)
        library = app.library
        prompt = library.prompts["demo-case"]
        scaffold = library.scaffold_for(prompt)
        attempt_id = store.start_attempt(prompt, scaffold, 600, now=FROZEN_NOW)
        step = StepDraft(0, "Goal", "an answer", 30.0)
        store.submit(attempt_id, AnswerProgress((step,), 30.0), now=FROZEN_NOW)
        app.push_screen(AttemptScreen(attempt_id))
        await settle(pilot)
        text = app.screen.query_one("#attempt-text", SafeMarkdown).source
        assert ANSWERED in text
        assert prompt.question.strip() not in text  # the file's text now is not shown


def test_exports_include_the_question_as_answered() -> None:
    from tests.services.test_export import detail as make_detail

    detail = with_snapshot(make_detail())
    assert ANSWERED in attempt_markdown(detail)
    assert _attempt_dict(detail)["prompt_snapshot"]["question"] == ANSWERED


def test_a_snapshot_without_a_question_is_no_answered_prompt() -> None:
    """A version-1 attempt's snapshot (upgraded) has no question: the file's text stands in."""
    from tests.services.test_export import detail as make_detail

    upgraded = replace(make_detail(), prompt_snapshot=PromptSnapshot.from_json({"steps": [1]}))
    assert upgraded.prompt_snapshot is not None and upgraded.prompt_snapshot.steps == ()
    assert upgraded.answered_prompt is None
    assert upgraded.question(None) is None
