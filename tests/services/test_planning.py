"""The interview plan as a use case (issue 16): stored, shown with the days left, changed
and cleared; with a date set, Next up plans toward it. A fixed clock, a real store."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import make_prompt
from tui.cli import main
from tui.core.model import Scaffold, Step
from tui.core.records import AnswerProgress, StepDraft
from tui.services.planning import clear_plan, plan_line, plan_today, read_plan, run_plan, set_plan
from tui.services.progress import next_up_suggestions, practice_so_far
from tui.store import Store

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SCAFFOLD = Scaffold("six-step", "Six", (Step("One", seconds=60),), rubric=("Clear?", "Sized?"))
PROMPTS = [
    make_prompt(f"{category}-{n}", category=category, track="pm")
    for category in ("pricing", "growth", "retention", "discovery", "metrics", "strategy")
    for n in (1, 2)
]


def test_a_plan_is_set_changed_and_cleared(store: Store) -> None:
    assert read_plan(store) is None
    set_plan(store, "pm", date(2026, 12, 14), now=NOW)
    assert read_plan(store).interview_date == date(2026, 12, 14)  # type: ignore[union-attr]
    set_plan(store, "el", date(2026, 12, 20), now=NOW)
    plan = read_plan(store)
    assert plan is not None and (plan.track_id, plan.interview_date) == ("el", date(2026, 12, 20))
    clear_plan(store)
    assert read_plan(store) is None


def test_with_a_date_next_up_plans_to_it_and_without_one_it_does_not(store: Store) -> None:
    usual = next_up_suggestions(PROMPTS, practice_so_far(store, NOW), now=NOW)
    assert len(usual) == 5  # the usual daily share
    set_plan(store, "pm", (NOW + timedelta(days=3)).date(), now=NOW)
    planned = next_up_suggestions(PROMPTS, practice_so_far(store, NOW), now=NOW)
    # Six categories over two study days: three new categories today, plus room to review.
    assert len(planned) == 5
    assert len({p.prompt_id.rsplit("-", 1)[0] for p in planned}) == 5  # five categories
    clear_plan(store)
    assert next_up_suggestions(PROMPTS, practice_so_far(store, NOW), now=NOW) == usual


def test_the_plan_line_names_the_days_left_and_the_weakest_check(store: Store) -> None:
    attempt = store.start_attempt(PROMPTS[0], SCAFFOLD, 600, now=NOW)
    store.submit(attempt, AnswerProgress((StepDraft(0, "One", "an answer"),), 60), now=NOW)
    store.save_review(attempt, {"Clear?": True, "Sized?": False}, 2, "", now=NOW)
    set_plan(store, "pm", date(2026, 12, 13), now=NOW)
    today = plan_today(store)
    assert today.scores == {PROMPTS[0].id: 2}
    line = plan_line(today, PROMPTS, {PROMPTS[0].id: 1}, NOW.date())
    assert line == "12 days left · 1 of 6 categories practised · weakest: Sized?"


def test_caseroom_plan_sets_shows_and_clears(db_url: str) -> None:
    out = io.StringIO()
    code = run_plan(
        db_url, track="pm", day="2026-12-14", clear=False, track_ids=["pm"], out=out, now=NOW
    )
    assert code == 0
    assert out.getvalue() == "Interview: pm on 2026-12-14 (in 13 days)\n"
    out = io.StringIO()
    assert run_plan(db_url, track=None, day=None, clear=True, track_ids=[], out=out, now=NOW) == 0
    assert "cleared" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--track", "product-manager", "--date", "14/12/2026"], "is not a date"),
        (["--track", "nope", "--date", "2026-12-14"], "no track 'nope'"),
        (["--track", "product-manager"], "give both --track ID and --date"),
    ],
)
def test_caseroom_plan_says_what_is_wrong(
    args: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--db", str(tmp_path / "c.db"), *args]) == 1
    assert words in capsys.readouterr().err


def test_caseroom_plan_on_the_bundled_tracks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.db")
    assert main(["plan", "--db", db, "--track", "product-manager", "--date", "2099-01-02"]) == 0
    assert "Interview: product-manager on 2099-01-02 (in " in capsys.readouterr().out
    assert main(["plan", "--db", db]) == 0
    assert "product-manager on 2099-01-02" in capsys.readouterr().out
