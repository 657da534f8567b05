"""comparison: two attempts of one prompt, figure by figure, with which way each moved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from tui.core.comparison import (
    TimeAgainstBudget,
    by_number,
    compare_attempts,
    step_budgets,
    time_direction,
)
from tui.core.model import Scaffold, Step
from tui.core.records import (
    AttemptDetail,
    AttemptSummary,
    PromptSnapshot,
    ReviewRecord,
    SnapshotStep,
    StepDraft,
)

WHEN = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)

STORY = Scaffold(
    id="timed-story",
    title="Five-part timed story",
    steps=(
        Step("Situation", seconds=30),
        Step("Decision", seconds=60),
        Step("Execution", seconds=90),
    ),
    rubric=("Was the decision yours?", "Was the impact quantified?", "Was it honest?"),
    advance="timed",
)

HEDGY = "Maybe I think we kind of did it. Perhaps I guess it probably worked, hopefully."
PLAIN = "I chose the rollback and cut errors by 40% in two days."


def attempt(
    texts: Sequence[str],
    seconds: Sequence[float],
    *,
    attempt_id: int = 1,
    limit_s: int = 180,
    review: ReviewRecord | None = None,
    budgets: Sequence[int | None] | None = None,
) -> AttemptDetail:
    steps = tuple(
        StepDraft(i, STORY.steps[i].title, text, s)
        for i, (text, s) in enumerate(zip(texts, seconds, strict=True))
    )
    elapsed = sum(seconds)
    summary = AttemptSummary(
        id=attempt_id,
        prompt_id="story",
        prompt_title="A story",
        track_id="demo",
        kind="behavioral",
        scaffold_id=STORY.id,
        status="submitted",
        started_at=WHEN,
        updated_at=WHEN,
        submitted_at=WHEN,
        time_limit_s=limit_s,
        elapsed_s=elapsed,
        overtime_s=max(0.0, elapsed - limit_s),
        score=review.score if review else None,
    )
    snapshot = None
    if budgets is not None:
        snapshot = PromptSnapshot(
            title="A story",
            question="Tell me about a decision.",
            scaffold_id=STORY.id,
            scaffold_title=STORY.title,
            steps=tuple(
                SnapshotStep(s.title, b) for s, b in zip(STORY.steps, budgets, strict=True)
            ),
            time_limit_s=limit_s,
        )
    reviews = (review,) if review else ()
    return AttemptDetail(summary, steps, reviews=reviews, prompt_snapshot=snapshot)


def review(score: int, *ticks: bool, extra: dict[str, bool] | None = None) -> ReviewRecord:
    checks = dict(zip(STORY.rubric, ticks, strict=False)) | (extra or {})
    return ReviewRecord(checks=checks, score=score, notes="", created_at=WHEN)


def test_hedges_seven_to_none_is_better_and_fillers_the_same() -> None:
    older = attempt([HEDGY, "", ""], [30, 60, 90], review=review(2, False, False, True))
    newer = attempt([PLAIN, "", ""], [30, 60, 90], attempt_id=2, review=review(4, True, True))
    figures = {row.key: row for row in compare_attempts(older, newer, scaffold=STORY).figures}
    hedges = figures["hedges"]
    assert (hedges.title, hedges.before, hedges.after, hedges.direction) == (
        "Hedges",
        "7",
        "0",
        "better",
    )
    assert figures["fillers"].direction == "same"
    assert (figures["hedges"].before, figures["fillers"].after) == ("7", "0")
    # Each step's length is compared with the steps, not among the figures.
    assert not any(key.startswith("step-") for key in figures)
    # The most used word is only reported, never judged.
    assert figures["top-words"].direction in ("changed", "same")


def test_more_hedges_is_worse_and_a_missing_figure_is_not_judged() -> None:
    older = attempt([PLAIN, "", ""], [30, 60, 90])
    newer = attempt([HEDGY, "", ""], [30, 60, 90], attempt_id=2)
    figures = {row.key: row for row in compare_attempts(older, newer).figures}
    assert figures["hedges"].direction == "worse"
    # Nothing written in the older attempt: it has no hedge figure at all.
    empty = attempt(["", "", ""], [30, 60, 90])
    rows = {row.key: row for row in compare_attempts(empty, newer).figures}
    assert (rows["hedges"].before, rows["hedges"].after, rows["hedges"].direction) == (
        "",
        "7",
        "n/a",
    )
    assert rows["length"].direction == "better"  # warn (nothing written) -> note


def test_rubric_answers_in_both_reviews_in_rubric_order() -> None:
    older = attempt(
        [PLAIN, "", ""], [30, 60, 90], review=review(2, False, True, True, extra={"Old?": True})
    )
    newer = attempt([PLAIN, "", ""], [30, 60, 90], attempt_id=2, review=review(4, True, False))
    comparison = compare_attempts(older, newer, scaffold=STORY)
    rows = [(r.question, r.before, r.after, r.direction) for r in comparison.checks]
    assert rows == [
        ("Was the decision yours?", False, True, "better"),
        ("Was the impact quantified?", True, False, "worse"),
        ("Was it honest?", True, None, "n/a"),  # the newer review did not answer it
        ("Old?", True, None, "n/a"),  # asked only by the older review: kept, last
    ]
    assert (comparison.score_before, comparison.score_after) == (2, 4)
    assert comparison.score_direction == "better"
    assert comparison.ticked == (3, 1)


def test_an_attempt_without_review_has_no_score_and_no_ticks() -> None:
    older = attempt([PLAIN, "", ""], [30, 60, 90])
    newer = attempt([PLAIN, "", ""], [30, 60, 90], attempt_id=2, review=review(3, True))
    comparison = compare_attempts(older, newer, scaffold=STORY)
    assert comparison.score_before is None and comparison.score_direction == "n/a"
    assert [r.before for r in comparison.checks] == [None, None, None]
    assert comparison.ticked == (None, 1)


def test_each_part_against_its_budget_then_the_total() -> None:
    older = attempt([PLAIN, "", ""], [42, 75, 80])  # Situation and Decision over
    newer = attempt([PLAIN, "", ""], [28, 58, 88], attempt_id=2)
    comparison = compare_attempts(older, newer, scaffold=STORY)
    assert comparison.timed
    shown = [(p.title, p.before, p.after, p.direction, p.total) for p in comparison.parts]
    assert shown == [
        ("Situation", TimeAgainstBudget(42, 30), TimeAgainstBudget(28, 30), "better", False),
        ("Decision", TimeAgainstBudget(75, 60), TimeAgainstBudget(58, 60), "better", False),
        # Within the budget both times: a different time is not better or worse.
        ("Execution", TimeAgainstBudget(80, 90), TimeAgainstBudget(88, 90), "changed", False),
        ("Total", TimeAgainstBudget(197, 180), TimeAgainstBudget(174, 180), "better", True),
    ]
    assert comparison.parts[0].before is not None
    assert comparison.parts[0].before.over_s == 12


def test_budgets_are_the_ones_the_attempt_ran_on() -> None:
    # The prompt as answered said 45 s for the first part; the scaffold now says 30 s.
    detail = attempt([PLAIN, "", ""], [40, 60, 90], budgets=[45, None, 90])
    assert step_budgets(detail, STORY) == [45, 60, 90]  # a missing one falls back
    assert step_budgets(detail, None) == [45, None, 90]
    shared = Scaffold("s", "Shares", (Step("A", share=0.5), Step("B", share=0.5)))
    two = attempt([PLAIN, ""], [10, 10], limit_s=120)
    assert step_budgets(two, shared) == [60, 60]  # shares of the attempt's own limit


def test_time_direction_and_counts() -> None:
    assert time_direction(TimeAgainstBudget(40, 30), TimeAgainstBudget(50, 30)) == "worse"
    assert time_direction(TimeAgainstBudget(20, 30), TimeAgainstBudget(20, 30)) == "same"
    assert time_direction(TimeAgainstBudget(20, None), TimeAgainstBudget(25, None)) == "changed"
    assert time_direction(None, TimeAgainstBudget(25, 30)) == "n/a"
    assert by_number(3, 1, fewer_is_better=True) == "better"
    assert by_number(1, 3, fewer_is_better=False) == "better"
    assert by_number(None, 3, fewer_is_better=False) == "n/a"


def test_steps_that_differ_in_number_still_line_up() -> None:
    older = attempt([PLAIN, ""], [30, 60])
    newer = attempt([PLAIN, "", ""], [30, 60, 90], attempt_id=2)
    parts = compare_attempts(older, newer, scaffold=STORY).parts
    assert [(p.title, p.before is None, p.direction) for p in parts[:3]] == [
        ("Situation", False, "same"),
        ("Decision", False, "same"),
        ("Execution", True, "n/a"),
    ]
