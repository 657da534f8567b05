"""History by round (issue 13) and the story told (issue 15), through Pilot: the round
drop-down filters like the others, and a story column shows each attempt's story title."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Select, Static

from screens.widgets.history_columns import (
    STORY_MAX_W,
    STORY_MIN_W,
    STORY_PROMPT_KEEP,
    plan_columns,
)
from tests.conftest import APP_CONTENT, FROZEN_NOW
from tests.pilot_helpers import settle, store_of
from tests.screens.test_history_screen import open_history, wait_settled
from tests.screens.test_history_ux import lines
from tests.screens.test_rounds_screen import ROUNDS_CONTENT
from tests.screens.test_stories import STORY  # "The Friday outage"
from tui.core.records import ANY_ROUND, AnswerProgress, StepDraft


def answered(
    app: Any,
    prompt_id: str,
    when: datetime,
    *,
    run_id: int | None = None,
    story_id: str | None = None,
) -> int:
    """Store one submitted attempt of `prompt_id` (in round run `run_id`, telling
    `story_id`)."""
    store = store_of(app)
    prompt = app.library.prompts[prompt_id]
    scaffold = app.library.scaffold_for(prompt)
    attempt_id: int = store.start_attempt(
        prompt, scaffold, 600, round_run_id=run_id, story_id=story_id, now=when
    )
    steps = tuple(StepDraft(i, s.title, "text", 10) for i, s in enumerate(scaffold.steps))
    store.submit(attempt_id, AnswerProgress(steps, elapsed_s=10 * len(steps)), now=when)
    return attempt_id


def seed_rounds(app: Any) -> dict[str, int]:
    """An attempt in a run of each fixture round, and one outside any round."""
    store = store_of(app)
    day = timedelta(days=1)
    fixed = store.start_round("demo-fixed", ["demo-case", "demo-story"], now=FROZEN_NOW - 3 * day)
    rule = store.start_round("demo-rule", ["demo-story"], now=FROZEN_NOW - 2 * day)
    return {
        "fixed": answered(app, "demo-case", FROZEN_NOW - 3 * day, run_id=fixed),
        "rule": answered(app, "demo-story", FROZEN_NOW - 2 * day, run_id=rule),
        "alone": answered(app, "demo-case", FROZEN_NOW - day),
    }


async def test_history_filters_by_round(make_app: Any) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        ids = seed_rounds(app)
        screen = await open_history(pilot)
        assert [r.id for r in screen.rows] == [ids["alone"], ids["rule"], ids["fixed"]]
        rounds = screen.query_one("#history-round", Select)
        assert [value for _label, value in rounds._options][1:] == [
            ANY_ROUND,
            "demo-fixed",
            "demo-rule",
        ]

        rounds.value = ANY_ROUND
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [ids["rule"], ids["fixed"]]
        rounds.value = "demo-fixed"
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [ids["fixed"]]
        # With the other filters: the same path (a kind no round attempt has leaves none).
        screen.query_one("#history-kind", Select).value = "design"
        await wait_settled(pilot, screen)
        assert screen.rows == []
        said = str(screen.query_one("#history-empty", Static).render())
        assert "No attempt matches these filters" in said
        screen.query_one("#history-kind", Select).value = Select.NULL
        rounds.value = Select.NULL
        await wait_settled(pilot, screen)
        assert len(screen.rows) == 3


async def test_the_round_filter_is_picked_by_keys(make_app: Any) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = seed_rounds(app)
        screen = await open_history(pilot)
        await settle(pilot)
        screen.query_one("#history-round", Select).focus()
        await pilot.press("enter")  # opens the drop-down
        await pilot.press("down", "enter")  # "Any round"
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [ids["rule"], ids["fixed"]]


@pytest.fixture
def story_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(APP_CONTENT, root)
    competency = root / "competencies" / "candor.md"
    competency.parent.mkdir(exist_ok=True)
    competency.write_text("---\ntitle: Candor\ntracks: [demo]\n---\nSaying it.\n")
    (root / "stories").mkdir()
    (root / "stories" / "friday-outage.md").write_text(STORY)
    return root


def seed_stories(app: Any) -> None:
    day = timedelta(days=1)
    answered(app, "demo-story", FROZEN_NOW - 3 * day, story_id="friday-outage")
    answered(app, "demo-story", FROZEN_NOW - 2 * day, story_id="gone-story")  # file deleted
    answered(app, "demo-case", FROZEN_NOW - day)


async def test_history_shows_the_story_each_attempt_told(
    make_app: Any, story_content: Path
) -> None:
    app = make_app([story_content])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert "friday-outage" in app.library.stories
        seed_stories(app)
        screen = await open_history(pilot)
        table = screen.query_one("#history-table", DataTable)
        drawn = lines(table)
        header = drawn[0]
        assert "Story" in header and header.index("Story") < header.index("Kind")
        column = header.index("Story")
        cells = [line[column:].split("  ")[0].strip() for line in drawn[1:4]]
        assert cells == ["", "gone-story", "The Friday outage"]  # newest first
        assert table.max_scroll_x == 0  # every column still fits

        # Too narrow for a story beside a readable prompt: the other columns stay whole.
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        header = lines(table)[0]
        assert "Story" not in header and "Score" in header
        assert table.max_scroll_x == 0


async def test_no_story_column_without_a_story_bank(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert not app.library.stories
        answered(app, "demo-case", FROZEN_NOW)
        screen = await open_history(pilot)
        assert "Story" not in lines(screen.query_one("#history-table", DataTable))[0]


def test_column_plan_gives_the_story_only_spare_room() -> None:
    titles = ["Product Manager", "Content Producer", "People Leadership & Culture"]
    for width in (80, 100, 120, 140, 160, 200):
        plain, told = plan_columns(width, titles), plan_columns(width, titles, stories=True)
        assert plain.story == 0 and "story" not in plain.column_keys()
        if told.story:
            assert STORY_MIN_W <= told.story <= STORY_MAX_W
            assert told.prompt >= STORY_PROMPT_KEEP
            # The story's room comes from the prompt and, at most, shorter track names.
            assert told.track + told.prompt + told.story + 2 == plain.track + plain.prompt
            assert told.column_keys().index("story") == told.column_keys().index("prompt") + 1
        else:
            assert told == plain
        # Every shown column and its padding fill the width exactly.
        assert sum(told.widths()) + 2 * len(told.widths()) + 2 == width
    assert plan_columns(80, titles, stories=True).story == 0
    assert plan_columns(100, titles, stories=True) == plan_columns(100, titles)
    at_120 = plan_columns(120, titles, stories=True)
    assert at_120.story and at_120.track_style == "word"  # "Product" beside the story
    wide = plan_columns(160, titles, stories=True)
    assert wide.story == STORY_MAX_W and wide.track_style == "full"


def test_the_round_filter_lists_the_chosen_tracks_rounds() -> None:
    """As the prompt drop-down does: a track chosen, only its rounds (and "Any round")."""
    from screens.widgets.history_filters import round_options
    from tui.core.model import Library, Round

    rounds = {
        r.id: r
        for r in (
            Round("pm-loop", "Product loop", "pm", 45, 15),
            Round("eng-loop", "Engineering loop", "eng", 45, 15),
            Round("pm-short", "A short product round", "pm", 20, 10),
        )
    }
    library = Library(rounds=rounds)
    assert [value for _, value in round_options(library)] == [
        ANY_ROUND,
        "pm-short",
        "eng-loop",
        "pm-loop",
    ]
    assert [value for _, value in round_options(library, "pm")] == [
        ANY_ROUND,
        "pm-short",
        "pm-loop",
    ]
    assert [value for _, value in round_options(library, "eng")] == [ANY_ROUND, "eng-loop"]
