"""The story bank beyond its own screen, through the real App: the review names the story
told by the title it kept (also once its file is gone), the stats screen shows each story's
times told and score trend and each competency's best score, a new story is written in the
structure chosen (STAR or the timed story), and the coverage matrix opens on the interview
plan's track."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.widgets import Input, OptionList, Static

from screens.review import ReviewScreen
from screens.stats import StatsScreen
from screens.stories import StoriesScreen
from screens.story_structure import StoryStructureScreen
from screens.story_write import StoryWriteScreen
from screens.tracks import TracksScreen
from screens.widgets.markdown import SafeMarkdown
from tests.conftest import FROZEN_NOW, FakeClock
from tests.pilot_helpers import settle, submit_answer, type_burst
from tests.screens import test_stories as bank_tests
from tests.screens.test_live import until
from tests.screens.test_stories import (
    STORY,
    answer,
    app_for,
    open_stories,
    story_pick_shown,
    tell,
)
from tui.library.loader import ContentIndex

#: The test content of the story bank's own tests (a fixture: three behavioral prompts).
content = bank_tests.content

BUNDLED_STAR = Path(__file__).parents[2] / "content" / "scaffolds" / "star.md"


def with_star(content: Path) -> Path:
    """The test content with the bundled STAR scaffold beside the timed story."""
    shutil.copy(BUNDLED_STAR, content / "scaffolds" / "star.md")
    return content


def user_with_stories(tmp_path: Path, **stories: str) -> Path:
    """The person's own content folder holding `stories` (file stem -> text)."""
    user = tmp_path / "user"
    (user / "stories").mkdir(parents=True)
    for name, text in stories.items():
        (user / "stories" / f"{name}.md").write_text(text)
    return user


def structure_shown(app: Any) -> bool:
    return isinstance(app.screen, StoryStructureScreen) and bool(
        app.screen.query("#story-structure")
    )


def answer_text(app: Any) -> str:
    return str(app.screen.query_one("#review-answer-text", SafeMarkdown).source)


async def test_the_review_names_the_story_told_even_after_its_file_is_gone(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    user = user_with_stories(tmp_path, outage=STORY)
    app = app_for(db_url, clock, content, user)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.library_loaded and app.store_available)
        app.action_practise("beh-trust")
        await until(pilot, lambda: story_pick_shown(app))
        await pilot.press("enter")  # the Friday outage, the one suggestion
        review = await answer(pilot)
        assert "Story told: The Friday outage" in answer_text(app)
        attempt_id = review.attempt_id
    # Renamed or deleted on disk since: the attempt still knows what was told.
    (user / "stories" / "outage.md").unlink()
    again = app_for(db_url, clock, content, user)
    async with again.run_test(size=(120, 40)) as pilot:
        # The file exists: the store opens when the review screen needs it.
        await until(pilot, lambda: again.library_loaded)
        assert "outage" not in again.library.stories
        again.push_screen(ReviewScreen(attempt_id))
        await until(pilot, lambda: isinstance(again.screen, ReviewScreen))
        reopened = again.screen
        assert isinstance(reopened, ReviewScreen)
        await until(pilot, lambda: reopened.detail is not None)
        assert "Story told: The Friday outage" in answer_text(again)


async def test_the_stats_screen_shows_each_story_told_and_each_competencys_best(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    quiet = "---\ntitle: A quiet one\ncompetencies: [trust, judgment]\n---\n"
    user = user_with_stories(tmp_path, outage=STORY, quiet=quiet)
    app = app_for(db_url, clock, content, user)
    async with app.run_test(size=(120, 40)) as pilot:
        stories = await open_stories(pilot)
        await pilot.press("enter")  # drill A quiet one (first by title) twice
        await tell(pilot, "4")
        await until(pilot, lambda: app.screen is stories)
        await pilot.press("enter")
        await tell(pilot, "2")
        await until(pilot, lambda: app.screen is stories)
        await pilot.press("escape", "s")  # back to the tracks, then the stats
        await until(pilot, lambda: isinstance(app.screen, StatsScreen))
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        await until(pilot, lambda: bool(stats.query_one("#stats-stories-box").display))
        box = stats.query_one("#stats-stories-box")
        await until(pilot, lambda: box.outer_size.height >= 6)  # drawn: two headings, 3 rows
        told = str(stats.query_one("#stats-stories", Static).content).splitlines()
        best = str(stats.query_one("#stats-competencies", Static).content).splitlines()
    assert told == ["A quiet one · told 2 times · ▆▂ 4 2", "The Friday outage · told 0 times"]
    assert best == ["Candor · not scored yet", "Judgment · best 4/5", "Trust · best 4/5"]


async def test_stats_without_a_story_bank_show_no_story_section(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    app = app_for(db_url, clock, content, tmp_path / "user")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.library_loaded and app.store_available)
        await settle(pilot)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, StatsScreen))
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        await until(pilot, lambda: stats.data is not None)
        assert not stats.query_one("#stats-stories-box").display


async def test_a_star_story_is_written_in_its_four_boxes_and_parses_back_as_star(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    user = tmp_path / "user"
    app = app_for(db_url, clock, with_star(content), user)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stories(pilot)
        await pilot.press("w")
        await until(pilot, lambda: structure_shown(app))
        options = app.screen.query_one("#story-structure", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == [
            "Five-part timed story: Challenge, Decision, Execution, Communication, Impact",
            "STAR story: Situation, Task, Action, Result",
        ]
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, StoryWriteScreen))
        writer = app.screen
        assert isinstance(writer, StoryWriteScreen)
        assert [s.title for s in writer.scaffold.steps] == ["Situation", "Task", "Action", "Result"]
        assert writer.sub_title == "New story · STAR story · no clock"
        title = str(writer.query_one("#step-box-0 .step-title", Static).content)
        assert title.strip() == "1. Situation"  # no clock: no budget beside the part
        await type_burst(pilot, "The pricing rewrite")
        writer.query_one("#story-competencies", Input).value = "trust"
        for index, text in enumerate(("Prices were wrong.", "Mine to fix.", "I rewrote it.")):
            writer.query_one(f"#step-{index}").focus()
            await type_burst(pilot, text)
        await submit_answer(pilot)
        await until(pilot, lambda: app.screen is screen and len(app.library.stories) == 1)
    path = user / "stories" / "the-pricing-rewrite.md"
    assert "structure: star\n" in path.read_text()
    reread = ContentIndex([content, user]).load()  # as the next start reads it
    [story] = reread.stories.values()
    assert not [p for p in reread.problems if "the-pricing-rewrite" in p.path]
    assert story.structure == "star"
    assert [(p.title, p.text) for p in story.parts] == [
        ("Situation", "Prices were wrong."),
        ("Task", "Mine to fix."),
        ("Action", "I rewrote it."),
    ]


async def test_a_new_story_from_the_template_takes_the_structure_chosen(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    from tests.screens.test_live import _no_suspend, editor

    user = tmp_path / "user"
    app = app_for(db_url, clock, with_star(content), user)
    monkeypatch.setattr(app, "suspend", lambda: _no_suspend())
    with editor(tmp_path, "pass\n"):  # the editor leaves the template as it is
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_stories(pilot)
            await pilot.press("n")
            await until(pilot, lambda: structure_shown(app))
            await pilot.press("down", "enter")
            await until(pilot, lambda: app.screen is screen and len(app.library.stories) == 1)
            [story] = app.library.stories.values()
            assert story.structure == "star"
            assert [p.title for p in story.parts] == ["Situation", "Task", "Action", "Result"]
            await pilot.press("n")  # escape writes nothing
            await until(pilot, lambda: structure_shown(app))
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen)
    assert [p.name for p in (user / "stories").iterdir()] == ["new-story-1.md"]
    assert not [p for p in app.library.problems if "new-story-1" in p.path]


async def test_the_coverage_matrix_opens_on_the_interview_plans_track(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    from tui.store import Store

    alpha = content / "tracks" / "alpha"
    alpha.mkdir()
    (alpha / "track.md").write_text("---\ntitle: Alpha Track\norder: 0\n---\nFirst in order.\n")
    with Store.open(db_url) as store:
        store.set_interview_plan("demo", (FROZEN_NOW + timedelta(days=9)).date(), now=FROZEN_NOW)
    app = app_for(db_url, clock, content, tmp_path / "user")
    async with app.run_test(size=(120, 40)) as pilot:
        # The file exists: the tracks screen reads it, the stories screen opens the store.
        await until(pilot, lambda: app.library_loaded and app.screen.figures_checked)
        await settle(pilot)
        assert isinstance(app.screen, TracksScreen)
        assert [t.id for t in app.library.tracks_in_order()] == ["alpha", "demo"]
        screen = await open_stories(pilot)  # `b` on the tracks screen, Alpha highlighted
        title = screen.query_one("#coverage-title", Static)
        await until(pilot, lambda: str(title.content).startswith("Coverage · Demo Track"))
        await pilot.press("t")  # the next track, and it stays chosen on coming back
        await until(pilot, lambda: str(title.content).startswith("Coverage · Alpha Track"))
        screen.store_ready()
        await settle(pilot)
        assert str(title.content).startswith("Coverage · Alpha Track")
        assert isinstance(app.screen, StoriesScreen)
