"""The story bank through the real App: write a story, map it to competencies, drill it
against two questions, see the coverage matrix change; pick a story before a behavioral
answer; the stories screen follows a file edited on disk."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from screens.practice import PracticeScreen
from screens.review import ReviewScreen
from screens.stories import StoriesScreen
from screens.story_pick import StoryPickScreen
from screens.story_write import StoryWriteScreen
from tests.conftest import APP_CONTENT, OS_WATCHES, FakeClock, make_config
from tests.pilot_helpers import submit_answer, type_burst
from tests.screens.test_live import until
from tui.app import AppConfig, CaseroomApp
from tui.core.records import HistoryQuery

COMPETENCIES = {
    "candor": "Candor",
    "trust": "Trust",
    "judgment": "Judgment",
}
PROMPTS = {
    "beh-candor": ("Saying the hard thing", "candor, judgment"),
    "beh-trust": ("Earning a team's trust", "trust, candor"),
    "beh-judgment": ("A call on thin data", "judgment"),
}
STORY = """\
---
title: The Friday outage
competencies: [candor]
---
## Challenge
Payments failed on a Friday.
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(APP_CONTENT, root)
    for cid, title in COMPETENCIES.items():
        path = root / "competencies" / f"{cid}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\ntitle: {title}\ntracks: [demo]\n---\nWhat {title} means.\n")
    for pid, (title, competencies) in PROMPTS.items():
        (root / "tracks" / "demo" / f"{pid}.md").write_text(
            f"---\ntitle: {title}\nkind: behavioral\nscaffold: timed-story\nminutes: 4\n"
            f"category: values\ncompetencies: [{competencies}]\n---\nTell me about {title}.\n"
        )
    return root


def app_for(
    db_url: str, clock: FakeClock, content: Path, user: Path, watch: bool = False
) -> CaseroomApp:
    user.mkdir(exist_ok=True)
    config = make_config(db_url, clock, [content, user])
    assert isinstance(config, AppConfig)
    config.user_content_dir = user
    config.watch = watch
    return CaseroomApp(config)


async def open_stories(pilot: Pilot[Any]) -> StoriesScreen:
    app = pilot.app
    assert isinstance(app, CaseroomApp)
    # The stories screen opens the store if the tracks screen had no need of it.
    await until(pilot, lambda: app.library_loaded)
    await pilot.press("b")
    await until(pilot, lambda: isinstance(app.screen, StoriesScreen))
    screen = app.screen
    assert isinstance(screen, StoriesScreen)
    return screen


def grid_rows(screen: StoriesScreen) -> dict[str, list[str]]:
    grid = screen.query_one("#coverage", DataTable)
    return {
        str(grid.get_row_at(i)[0]): [str(cell) for cell in grid.get_row_at(i)[1:]]
        for i in range(grid.row_count)
    }


def matrix(screen: StoriesScreen) -> dict[str, list[str]]:
    """Competency -> a cell per story and the count of stories (the best score left off)."""
    return {name: cells[:-1] for name, cells in grid_rows(screen).items()}


def best(screen: StoriesScreen) -> dict[str, str]:
    """Competency -> the best score of a telling of a story that shows it."""
    return {name: cells[-1] for name, cells in grid_rows(screen).items()}


def story_rows(screen: StoriesScreen) -> list[list[str]]:
    table = screen.query_one("#stories-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def answer(pilot: Pilot[Any]) -> ReviewScreen:
    """In practice: write a part and submit; the review, once it shows the attempt."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
    practice = app.screen
    assert isinstance(practice, PracticeScreen)
    await until(pilot, lambda: practice.attempt_id is not None)
    await type_burst(pilot, "Payments failed and I rolled back.")
    await submit_answer(pilot)
    await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
    review = app.screen
    assert isinstance(review, ReviewScreen)
    await until(pilot, lambda: review.detail is not None)
    return review


async def tell(pilot: Pilot[Any], score: str) -> int:
    """In practice: write a part, submit, score the review and save it; the attempt id."""
    review = await answer(pilot)
    await pilot.press(score, "ctrl+s")
    await until(pilot, lambda: not isinstance(pilot.app.screen, ReviewScreen))
    return review.attempt_id


async def test_write_map_drill_twice_and_see_coverage_change(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    user = tmp_path / "user"
    app = app_for(db_url, clock, content, user)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stories(pilot)
        assert matrix(screen) == {
            "Candor": ["no story"],
            "Judgment": ["no story"],
            "Trust": ["no story"],
        }
        # Write one inside the app: the same step boxes as practice, no clock.
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, StoryWriteScreen))
        await type_burst(pilot, "The Friday outage")
        app.screen.query_one("#story-competencies", Input).value = "Candor, judgment"
        app.screen.query_one("#step-0").focus()
        await type_burst(pilot, "Payments failed for one member in five.")
        await submit_answer(pilot)
        await until(
            pilot,
            lambda: app.screen is screen and "the-friday-outage" in screen.caseroom.library.stories,
        )
        await until(pilot, lambda: len(story_rows(screen)) == 1)
        assert (user / "stories" / "the-friday-outage.md").exists()
        story = app.library.stories["the-friday-outage"]
        assert story.competencies == ("candor", "judgment")
        assert story.part("Challenge") == "Payments failed for one member in five."
        await until(pilot, lambda: matrix(screen)["Candor"] == ["●", "1"])
        assert matrix(screen)["Judgment"] == ["●", "1"]
        assert matrix(screen)["Trust"] == ["", "no story"]

        # Drill it: a question it has not answered, told in the timed story.
        await pilot.press("enter")
        first = await tell(pilot, "4")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("enter")
        second = await tell(pilot, "3")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: story_rows(screen)[0][2:5] == ["2", "3/5", "4→3"])
        assert best(screen) == {"Candor": "4/5", "Judgment": "4/5", "Trust": ""}

    from tui.store import Store  # the app is gone: read the database directly

    with Store.open(db_url) as opened:
        told = opened.attempts_by_story("the-friday-outage")
    assert [a.id for a in told] == [first, second]
    assert told[0].prompt_id == "beh-candor"  # most overlap first (candor and judgment)
    assert told[1].prompt_id != told[0].prompt_id
    assert {a.scaffold_id for a in told} == {"timed-story"}


async def test_new_story_from_template_in_the_editor(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.screens.test_live import _no_suspend, editor

    user = tmp_path / "user"
    app = app_for(db_url, clock, content, user)
    monkeypatch.setattr(app, "suspend", lambda: _no_suspend())
    script = (
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "t = p.read_text().replace('New story', 'The reorg').replace('competencies: []', "
        "'competencies: [trust]')\n"
        "p.write_text(t)\n"
    )
    with editor(tmp_path, script):
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_stories(pilot)
            await pilot.press("n")
            await until(pilot, lambda: [r[1] for r in story_rows(screen)] == ["The reorg"])
            assert matrix(screen)["Trust"] == ["●", "1"]
    text = (user / "stories" / "new-story-1.md").read_text()
    assert "structure: timed-story" in text and "## Challenge" in text
    assert not [p for p in app.library.problems if "new-story-1" in p.path]


def story_pick_shown(app: Any) -> bool:
    """The story choice is on screen with its list (a modal is pushed before it composes)."""
    return isinstance(app.screen, StoryPickScreen) and bool(app.screen.query("#story-pick"))


async def test_picking_the_story_before_a_behavioral_answer(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    user = tmp_path / "user"
    (user / "stories").mkdir(parents=True)
    (user / "stories" / "outage.md").write_text(STORY)
    (user / "stories" / "other.md").write_text("---\ntitle: A quiet one\ncompetencies: []\n---\n")
    app = app_for(db_url, clock, content, user)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.library_loaded and app.store_available)
        app.action_practise("beh-trust")
        await until(pilot, lambda: story_pick_shown(app))
        options = app.screen.query_one("#story-pick", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        # Suggestions first: the story showing the prompt's competencies, saying which.
        assert labels == [
            "The Friday outage · matches: Candor",
            "A quiet one",
            "No particular story (esc)",
        ]
        await pilot.press("enter")
        attempt = await tell(pilot, "5")
        await until(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        # Skippable: escape answers without a story.
        app.action_practise("beh-candor")
        await until(pilot, lambda: story_pick_shown(app))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert app.screen.story_id is None
        assert app.screen.scaffold.id == "timed-story"
    from tui.store import Store

    with Store.open(db_url) as opened:
        summary = opened.attempt(attempt).summary
        assert summary.story_id == "outage"
        assert summary.scaffold_id == "timed-story"
        assert opened.story_schedule_states()["outage"][1] > summary.submitted_at  # scheduled
        assert opened.count_attempts(HistoryQuery()) == 1


@pytest.mark.usefixtures("os_watches")
async def test_the_stories_screen_follows_a_file_edited_on_disk(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    user = tmp_path / "user"
    (user / "stories").mkdir(parents=True)
    path = user / "stories" / "outage.md"
    path.write_text(STORY)
    app = app_for(db_url, clock, content, user, watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.library_loaded and app.live.started and bool(OS_WATCHES))
        screen = await open_stories(pilot)
        assert [r[1] for r in story_rows(screen)] == ["The Friday outage"]
        path.write_text(
            STORY.replace("The Friday outage", "The outage").replace("[candor]", "[trust]")
        )
        await until(pilot, lambda: [r[1] for r in story_rows(screen)] == ["The outage"])
        await until(pilot, lambda: matrix(screen)["Trust"] == ["●", "1"])
        assert matrix(screen)["Candor"] == ["", "no story"]


async def test_next_up_offers_a_due_story_and_a_gap_and_enter_drills_it(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    from datetime import timedelta

    from screens.tracks import TracksScreen
    from tests.conftest import FROZEN_NOW
    from tests.pilot_helpers import settle, store_of

    user = tmp_path / "user"
    (user / "stories").mkdir(parents=True)
    (user / "stories" / "outage.md").write_text(STORY)
    app = app_for(db_url, clock, content, user)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.library_loaded and app.store_available)
        store_of(app).put_story_schedule("outage", "{}", FROZEN_NOW - timedelta(days=2))
        tracks = app.screen
        assert isinstance(tracks, TracksScreen)
        tracks.store_ready()
        await settle(pilot)
        options = tracks.query_one("#next-up", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(labels) == 5  # the same daily cap
        assert labels[0] == "Story: The Friday outage · drill a story · due since 2 days"
        assert labels[1] == "Write a story: Judgment · no story shows it · 2 questions ask for it"
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        assert (practice.story_id, practice.drill) == ("outage", True)
        assert practice.prompt_id == "beh-trust"  # shows candor; first by title
        assert practice.scaffold.id == "timed-story"
        assert "drill: The Friday outage" in practice.sub_title


async def test_leaving_an_unsaved_story_warns_once(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    app = app_for(db_url, clock, content, tmp_path / "user")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stories(pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, StoryWriteScreen))
        await type_burst(pilot, "Half a story")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoryWriteScreen)  # warned, still here
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
    assert not (tmp_path / "user" / "stories").exists()


async def test_next_up_gap_opens_the_writing_screen_with_the_competency(
    db_url: str, clock: FakeClock, content: Path, tmp_path: Path
) -> None:
    from screens.tracks import TracksScreen
    from tests.pilot_helpers import settle

    app = app_for(db_url, clock, content, tmp_path / "user")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.library_loaded and app.store_available)
        await settle(pilot)
        tracks = app.screen
        assert isinstance(tracks, TracksScreen)
        gaps = [i for i, n in enumerate(tracks.next_up) if n.source == "story-gap"]
        assert [tracks.next_up[i].competency_id for i in gaps] == ["candor"]  # most asked for
        options = tracks.query_one("#next-up", OptionList)
        options.focus()
        options.highlighted = gaps[0]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StoryWriteScreen))
        assert app.screen.query_one("#story-competencies", Input).value == "candor"
