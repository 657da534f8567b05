"""tui.services.compare: two stored attempts read back and compared with the library's
scaffold (rubric, budgets) and the track's key terms."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import APP_CONTENT, FROZEN_NOW
from tui.core.comparison import TimeAgainstBudget
from tui.core.records import AnswerProgress, StepDraft
from tui.library.loader import load_library
from tui.services.compare import load_comparison
from tui.store import Store


def test_a_timed_story_compared_from_the_store(store: Store) -> None:
    library = load_library([APP_CONTENT])
    prompt = library.prompts["demo-story"]
    scaffold = library.scaffold_for(prompt)
    assert scaffold is not None
    ids = []
    for n, (text, first) in enumerate((("Maybe I think it worked.", 42), ("It worked.", 28))):
        when = FROZEN_NOW - timedelta(days=2 - n)
        attempt_id = store.start_attempt(prompt, scaffold, 240, now=when)
        seconds = [first, 60, 90, 30, 30]
        steps = tuple(
            StepDraft(i, step.title, text if i == 0 else "", float(seconds[i]))
            for i, step in enumerate(scaffold.steps)
        )
        store.submit(attempt_id, AnswerProgress(steps, elapsed_s=float(sum(seconds))), now=when)
        ticks = {q: n == 1 for q in scaffold.rubric}
        store.save_review(attempt_id, ticks, 2 + n, "", now=when)
        ids.append(attempt_id)

    comparison = load_comparison(store, ids[0], ids[1], library=library)

    assert (comparison.older.summary.id, comparison.newer.summary.id) == tuple(ids)
    assert comparison.timed
    assert [c.question for c in comparison.checks] == list(scaffold.rubric)
    assert {c.direction for c in comparison.checks} == {"better"}
    hedges = next(f for f in comparison.figures if f.key == "hedges")
    assert (hedges.before, hedges.after, hedges.direction) == ("2", "0", "better")
    first = comparison.parts[0]
    assert (first.title, first.before, first.after) == (
        "Challenge",
        TimeAgainstBudget(42, 30),
        TimeAgainstBudget(28, 30),
    )
    total = comparison.parts[-1]
    assert total.total and (total.before, total.after) == (
        TimeAgainstBudget(252, 240),
        TimeAgainstBudget(238, 240),
    )
