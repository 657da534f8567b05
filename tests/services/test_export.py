"""Export: readable Markdown, stable JSON, and the `caseroom export` runner."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import tui.services.export
from tui.core.model import Prompt, Scaffold, Step
from tui.core.records import (
    AnswerProgress,
    AttemptDetail,
    AttemptSummary,
    FollowupReply,
    HistoryQuery,
    ReviewRecord,
    RoundPart,
    StepDraft,
)
from tui.services.export import (
    attempt_markdown,
    attempts_json,
    export_attempt,
    export_attempts,
    export_matching,
    run_export,
)
from tui.store import Store

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def detail(**overrides: object) -> AttemptDetail:
    summary = AttemptSummary(
        id=7,
        prompt_id="pm-pricing",
        prompt_title="Pricing a family plan",
        track_id="product-manager",
        kind="case",
        scaffold_id="six-step",
        status="submitted",
        started_at=T0,
        updated_at=T0 + timedelta(minutes=16),
        submitted_at=T0 + timedelta(minutes=16),
        time_limit_s=900,
        elapsed_s=950,
        overtime_s=50,
        score=4,
    )
    values: dict[str, object] = {
        "summary": summary,
        "steps": (
            StepDraft(0, "Clarify", "Goal: retention of families.", 125),
            StepDraft(1, "Users", "", 0),
        ),
        "reviews": (
            ReviewRecord(
                {"Clarified the goal?": True, "Prioritised?": False}, 4, "Solid start.", T0
            ),
            ReviewRecord({}, 2, "harsher", T0, blind=True),
        ),
        "followups": (FollowupReply("Why that price?", "Anchoring.", 40),),
    }
    values.update(overrides)
    return AttemptDetail(**values)  # type: ignore[arg-type]


def test_markdown_has_everything_a_reader_needs() -> None:
    text = attempt_markdown(detail())
    assert text.startswith("# Pricing a family plan\n")
    for expected in (
        "Track: product-manager",
        "2026-03-01 09:16 UTC (submitted)",
        "Time used: 15:50 of 15:00 (overtime 0:50)",
        "Score: 4/5",
        "- [x] Clarified the goal?",
        "- [ ] Prioritised?",
        "Solid start.",
        "blind re-review, 2/5: harsher",
        "### 1. Clarify (2:05)",
        "Goal: retention of families.",
        "### 2. Users (0:00)",
        "_(no answer)_",
        "### Why that price? (0:40)",
        "Anchoring.",
    ):
        assert expected in text, expected
    # The steps come in order.
    assert text.index("1. Clarify") < text.index("2. Users") < text.index("Follow-ups")


def test_markdown_of_an_unreviewed_attempt_in_time() -> None:
    in_time = replace(detail().summary, elapsed_s=600, overtime_s=0, score=None)
    text = attempt_markdown(detail(summary=in_time, reviews=(), followups=()))
    assert "Score: not reviewed" in text
    assert "Time used: 10:00 of 15:00\n" in text
    assert "overtime" not in text
    assert "Rubric" not in text
    assert "Follow-ups" not in text


def test_json_keys_are_stable_and_dates_iso() -> None:
    document = json.loads(attempts_json([detail()]))
    assert document["format"] == "caseroom-attempts"
    assert document["version"] == 1
    [attempt] = document["attempts"]
    assert list(attempt) == [
        "id",
        "prompt_id",
        "prompt_title",
        "track_id",
        "kind",
        "scaffold_id",
        "status",
        "started_at",
        "updated_at",
        "submitted_at",
        "time_limit_s",
        "elapsed_s",
        "overtime_s",
        "score",
        "round_run_id",
        "steps",
        "reviews",
        "followups",
        # Added by schema version 2 (new keys may be added; none is renamed).
        "story_id",
        "prompt_snapshot",
        "coach_reviews",
        "round",  # the mock round run it was part of (issue 13)
        "story_title",
    ]
    assert attempt["submitted_at"] == "2026-03-01T09:16:00+00:00"
    assert datetime.fromisoformat(attempt["started_at"]) == T0
    assert attempt["steps"][0] == {
        "index": 0,
        "title": "Clarify",
        "text": "Goal: retention of families.",
        "seconds": 125,
    }
    assert attempt["reviews"][0]["checks"] == {"Clarified the goal?": True, "Prioritised?": False}
    assert attempt["reviews"][1]["blind"] is True
    assert attempt["followups"] == [
        {"question": "Why that price?", "text": "Anchoring.", "seconds": 40}
    ]
    assert attempts_json([detail()]) == attempts_json([detail()])


def test_exports_say_which_round_an_attempt_was_part_of() -> None:
    part = RoundPart(3, "pm-loop", 2, 3, T0 - timedelta(minutes=20), "finished")
    markdown = attempt_markdown(detail(round_part=part))
    assert "- Round: part 2 of 3 of pm-loop, run 3, started 2026-03-01 08:40 UTC\n" in markdown
    [attempt] = json.loads(attempts_json([detail(round_part=part)]))["attempts"]
    assert attempt["round"] == {
        "run_id": 3,
        "round_id": "pm-loop",
        "part": 2,
        "of": 3,
        "started_at": "2026-03-01T08:40:00+00:00",
        "status": "finished",
    }
    [alone] = json.loads(attempts_json([detail()]))["attempts"]
    assert alone["round"] is None
    assert "Round:" not in attempt_markdown(detail())


def test_json_keeps_unicode_readable() -> None:
    text = attempts_json([detail(steps=(StepDraft(0, "Café", "naïve — ok"),))])
    assert "naïve — ok" in text


# -- run_export against a real store ---------------------------------------------------

SCAFFOLD = Scaffold(id="s", title="S", steps=(Step("One"),))


def fill(url: str) -> list[int]:
    ids = []
    with Store.open(url) as store:
        for day, title in enumerate(("First prompt", "Second prompt")):
            p = Prompt(
                id=f"p{day}",
                title=title,
                track="pm",
                kind="case",
                scaffold="s",
                minutes=5,
                question="?",
            )
            attempt_id = store.start_attempt(p, SCAFFOLD, 300, now=T0 + timedelta(days=day))
            store.submit(
                attempt_id,
                AnswerProgress((StepDraft(0, "One", f"answer {day}"),), elapsed_s=100),
                now=T0 + timedelta(days=day, minutes=5),
            )
            ids.append(attempt_id)
        store.start_attempt(p, SCAFFOLD, 300)  # a draft: never exported in bulk
    return ids


def test_export_all_submitted_oldest_first_as_json(db_url: str) -> None:
    ids = fill(db_url)
    out = io.StringIO()
    assert run_export(db_url, attempt_id=None, fmt="json", output=None, out=out) == 0
    attempts = json.loads(out.getvalue())["attempts"]
    assert [a["id"] for a in attempts] == ids
    assert [a["steps"][0]["text"] for a in attempts] == ["answer 0", "answer 1"]


def test_export_one_attempt_as_markdown_to_a_file(db_url: str, tmp_path: Path) -> None:
    ids = fill(db_url)
    target = tmp_path / "out" / "attempt.md"
    target.parent.mkdir()
    out = io.StringIO()
    assert run_export(db_url, attempt_id=ids[1], fmt="md", output=str(target), out=out) == 0
    assert out.getvalue() == ""
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# Second prompt")
    assert "answer 1" in written
    assert [p.name for p in target.parent.iterdir()] == ["attempt.md"]  # no temp left over


def test_export_reports_problems_with_exit_codes(db_url: str, tmp_path: Path) -> None:
    fill(db_url)
    err = io.StringIO()
    assert (
        run_export(db_url, attempt_id=None, fmt="pdf", output=None, out=io.StringIO(), err=err) == 2
    )
    assert "unknown format" in err.getvalue()
    err = io.StringIO()
    assert (
        run_export(db_url, attempt_id=999, fmt="md", output=None, out=io.StringIO(), err=err) == 1
    )
    assert "no attempt number 999" in err.getvalue()
    missing = f"sqlite:///{tmp_path / 'nothing.db'}"
    assert (
        run_export(
            missing, attempt_id=None, fmt="md", output=None, out=io.StringIO(), err=io.StringIO()
        )
        == 1
    )
    assert not (tmp_path / "nothing.db").exists()  # exporting never creates a database


def test_export_refuses_to_write_over_the_database(db_url: str) -> None:
    fill(db_url)
    database = Path(db_url.removeprefix("sqlite:///"))
    before = database.read_bytes()
    err = io.StringIO()
    code = run_export(
        db_url, attempt_id=None, fmt="json", output=str(database), out=io.StringIO(), err=err
    )
    assert code == 2
    assert "refusing" in err.getvalue()
    assert database.read_bytes() == before


# -- exporting from inside the app, into a folder the person can find ----------------------


def test_export_attempts_writes_markdown_and_json_under_home(private_dirs: Path) -> None:
    when = datetime(2026, 3, 1, 10, 11, 12)
    md_path, json_path = export_attempts([detail()], "attempt-7", when=when)
    folder = private_dirs / "caseroom-exports"
    assert md_path == folder / "attempt-7-20260301-101112.md"
    assert json_path == folder / "attempt-7-20260301-101112.json"
    assert md_path.read_text(encoding="utf-8") == attempt_markdown(detail())
    assert json.loads(json_path.read_text(encoding="utf-8"))["attempts"][0]["id"] == 7
    assert sorted(p.name for p in folder.iterdir()) == [json_path.name, md_path.name]


def test_export_attempts_falls_back_when_home_is_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    fallback = tmp_path / "fallback"
    monkeypatch.setattr(
        tui.services.export, "findable_dirs", lambda name: [blocked / name, fallback / name]
    )
    md_path, _json_path = export_attempts([detail()], "draft-7")
    assert md_path.parent == fallback / "caseroom-exports"
    monkeypatch.setattr(tui.services.export, "findable_dirs", lambda name: [blocked / name])
    with pytest.raises(OSError):
        export_attempts([detail()], "draft-7")


def test_export_one_attempt_and_every_match_from_the_store(db_url: str) -> None:
    ids = fill(db_url)
    with Store.open(db_url) as store:
        one = Path(export_attempt(store, ids[0]))
        every = Path(export_matching(store, HistoryQuery()))
    assert one.name.startswith(f"attempt-{ids[0]}-")
    assert one.read_text(encoding="utf-8").startswith("# First prompt")
    assert every.name.startswith("history-")
    text = every.read_text(encoding="utf-8")
    assert text.index("# Second prompt") < text.index("# First prompt")  # newest first
    assert "answer 0" in text and "answer 1" in text


def test_exports_carry_the_prompt_as_answered_the_story_and_coach_reviews() -> None:
    from tui.core.records import CoachReviewRecord, PromptSnapshot, SnapshotStep

    snapshot = PromptSnapshot(
        title="Pricing a family plan",
        question="How would you price a family plan?",
        scaffold_id="six-step",
        scaffold_title="Six-step case flow",
        steps=(SnapshotStep("Clarify", 120), SnapshotStep("Users", None)),
        time_limit_s=900,
        story_title="The launch that slipped",
    )
    coached = CoachReviewRecord(7, "cora", {"Clarified the goal?": False}, 3, "vague", T0)
    base = detail()
    told = detail(
        summary=replace(base.summary, story_id="launch-slip"),
        prompt_snapshot=snapshot,
        coach_reviews=(coached,),
    )
    text = attempt_markdown(told)
    assert "## Question\n\nHow would you price a family plan?\n" in text
    assert "- Story: The launch that slipped\n" in text
    assert "- 2026-03-01 09:00 UTC, cora, 3/5: vague\n" in text
    exported = json.loads(attempts_json([told]))["attempts"][0]
    assert exported["story_id"] == "launch-slip"
    assert exported["story_title"] == "The launch that slipped"
    assert exported["prompt_snapshot"]["question"] == "How would you price a family plan?"
    assert exported["prompt_snapshot"]["steps"][0] == {"title": "Clarify", "budget_s": 120}
    assert exported["coach_reviews"][0]["coach"] == "cora"
    plain = json.loads(attempts_json([base]))["attempts"][0]
    assert (plain["story_id"], plain["prompt_snapshot"], plain["coach_reviews"]) == (None, None, [])
    assert plain["story_title"] is None
    # Told before titles were kept: the story's title now, when the app knows it, else its id.
    older = replace(told, prompt_snapshot=replace(snapshot, story_title=""))
    assert "- Story: launch-slip\n" in attempt_markdown(older)
    live = {"launch-slip": "Launch slip, renamed"}
    assert "- Story: Launch slip, renamed\n" in attempt_markdown(older, story_titles=live)
