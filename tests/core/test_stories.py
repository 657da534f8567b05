"""The story bank's logic (issue 15): coverage, suggestions, drill selection, figures.
Fixed dates, no terminal, no store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tests.conftest import make_prompt
from tui.core.model import Competency, Library, Prompt, Story
from tui.core.stories import (
    MAX_SOLE_COVER,
    StoryFigures,
    Telling,
    best_by_competency,
    competency_bests,
    coverage,
    drill_questions,
    last_score,
    score_trend,
    stories_for_prompt,
    story_figures,
    story_most_due,
    story_told_line,
    times_told,
    told_story_title,
    track_competencies,
)

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def behavioral(pid: str, track: str, *competencies: str, title: str | None = None) -> Prompt:
    return replace(
        make_prompt(pid, kind="behavioral", track=track, title=title),
        competencies=competencies,
    )


COMPETENCIES = {
    c.id: c
    for c in (
        Competency("candor", "Candor", tracks=("el", "pl")),
        Competency("feedback", "Feedback", tracks=("pl",)),
        Competency("keeper-test", "Keeper test", tracks=("pl",)),
        Competency("team-leadership", "Team leadership", tracks=("el",)),
        Competency("innovation", "Innovation", tracks=()),
    )
}
OUTAGE = Story("outage", "The Friday outage", ("candor", "team-leadership"))
REORG = Story("reorg", "Splitting the platform team", ("team-leadership",))
PROMPTS = [
    behavioral("el-hard-truth", "el", "candor", title="Telling a VP a hard truth"),
    behavioral("el-grow-team", "el", "team-leadership", title="Growing a team"),
    behavioral("pl-feedback", "pl", "feedback", "candor", title="Feedback to your manager"),
    behavioral("el-new-idea", "el", "innovation", title="A new idea"),
    make_prompt("el-case", track="el"),
]


def library() -> Library:
    return Library(
        prompts={p.id: p for p in PROMPTS},
        stories={s.id: s for s in (OUTAGE, REORG)},
        competencies=COMPETENCIES,
    )


def test_a_track_asks_for_its_listed_competencies_and_those_its_prompts_name() -> None:
    ids = [c.id for c in track_competencies(library(), "el")]
    assert ids == ["candor", "innovation", "team-leadership"]  # innovation: named by a prompt


def test_coverage_shows_gaps_and_stories_carrying_too_much() -> None:
    matrix = coverage(library(), "el")
    assert [c.id for c in matrix.gaps] == ["innovation"]
    assert matrix.overloaded == []
    carriers = matrix.stories_for(COMPETENCIES["team-leadership"])
    assert [s.id for s in carriers] == ["reorg", "outage"]  # by title
    many = tuple(f"c{n}" for n in range(MAX_SOLE_COVER + 1))
    crowded = Library(
        stories={"all": Story("all", "Everything at once", many)},
        competencies={c: Competency(c, c.upper(), tracks=("el",)) for c in many},
    )
    assert [s.id for s in coverage(crowded, "el").overloaded] == ["all"]


def test_stories_matching_the_prompt_come_first() -> None:
    ranked = stories_for_prompt([REORG, OUTAGE], PROMPTS[0])  # candor
    assert [s.id for s in ranked] == ["outage", "reorg"]  # reorg is still offered, after


def test_a_drill_asks_questions_from_any_track_the_story_has_not_answered() -> None:
    first = drill_questions(OUTAGE, PROMPTS, [])
    assert [p.id for p in first] == ["pl-feedback", "el-grow-team", "el-hard-truth"]
    told = [Telling("outage", "pl-feedback", T0, 4)]
    assert [p.id for p in drill_questions(OUTAGE, PROMPTS, told)] == [
        "el-grow-team",
        "el-hard-truth",
    ]
    two = replace(OUTAGE, competencies=("candor", "feedback"))
    assert drill_questions(two, PROMPTS, [])[0].id == "pl-feedback"  # shows both it asks
    assert "el-case" not in [p.id for p in first]  # only behavioral questions


def test_times_told_scores_and_best_by_competency() -> None:
    tellings = [
        Telling("outage", "el-hard-truth", T0 + timedelta(days=2), 4),
        Telling("outage", "pl-feedback", T0, 2),
        Telling("reorg", "el-grow-team", T0, None),
    ]
    assert times_told(tellings) == {"outage": 2, "reorg": 1}
    assert score_trend("outage", tellings) == [2, 4]
    assert last_score("outage", tellings) == 4
    assert last_score("reorg", tellings) is None
    assert best_by_competency(library().stories, tellings) == {
        "candor": 4,
        "team-leadership": 4,
    }


def test_the_story_most_due_is_a_new_one_then_the_earliest_due() -> None:
    assert story_most_due([OUTAGE, REORG], {}, []) == REORG  # never told, by title
    assert story_most_due([OUTAGE, REORG], {}, [Telling("reorg", "y", T0)]) == OUTAGE
    tellings = [Telling("outage", "x", T0), Telling("reorg", "y", T0)]
    due = {"outage": T0 + timedelta(days=1), "reorg": T0 + timedelta(days=3)}
    assert story_most_due([REORG, OUTAGE], due, tellings) == OUTAGE


def test_score_trend_keeps_the_told_order_for_tellings_at_one_moment() -> None:
    at = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    tellings = [Telling("s", "a", at, 4), Telling("s", "b", at, 3)]
    assert score_trend("s", tellings) == [4, 3]
    assert last_score("s", tellings) == 3


# -- Next up: due stories and coverage gaps mixed with prompts, within the cap ------------


def test_story_suggestions_due_first_then_a_new_story_then_the_widest_gap() -> None:
    from tui.core.stories import story_suggestions

    due = {"outage": T0 - timedelta(days=2), "reorg": T0 + timedelta(days=3)}
    told = {"outage": 2, "reorg": 1}
    got = story_suggestions(library(), due, told, now=T0)
    assert [(n.source, n.story_id, n.competency_id) for n in got] == [
        ("story", "outage", ""),
        ("story-gap", "", "feedback"),  # probed by a prompt, shown by no story (title order)
    ]
    assert got[0].reason == "drill a story · due since 2 days"
    assert got[1].reason == "no story shows it · 1 question asks for it"
    # A story never told comes up too (once), and nothing is due before its day.
    fresh = story_suggestions(library(), {}, {"outage": 0}, now=T0)
    assert [(n.source, n.story_id) for n in fresh][:1] == [("story", "reorg")]
    assert fresh[0].reason == "drill a story · never told yet"


def test_mixing_keeps_the_daily_cap_and_due_prompts_first() -> None:
    from tui.core.scheduling import NextUp
    from tui.core.stories import mix_stories

    prompts = [
        NextUp("p-due", "due today", "due"),
        NextUp("p-gap", "new category: x", "gap"),
        NextUp("p-new", "not tried yet", "new"),
    ]
    stories = [
        NextUp("", "drill a story · due today", "story", story_id="outage"),
        NextUp("", "no story shows it", "story-gap", competency_id="feedback"),
    ]
    got = mix_stories(prompts, stories, budget=4)
    assert [n.prompt_id or n.story_id or n.competency_id for n in got] == [
        "p-due",
        "outage",
        "feedback",
        "p-gap",
    ]
    assert mix_stories(prompts, stories, budget=0) == prompts  # today's share done


def test_story_figures_per_story_and_best_per_competency_for_the_stats_screen() -> None:
    tellings = [
        Telling("outage", "el-hard-truth", T0 + timedelta(days=2), 4),
        Telling("outage", "pl-feedback", T0, 2),
        Telling("gone", "el-grow-team", T0, 3),  # its file was deleted since
    ]
    lib = library()
    assert story_figures(lib.stories, tellings) == [
        StoryFigures("outage", "The Friday outage", 2, (2, 4)),
        StoryFigures("gone", "gone", 1, (3,)),
        StoryFigures("reorg", "Splitting the platform team", 0, ()),
    ]
    bests = [(c.id, best) for c, best in competency_bests(lib, tellings)]
    # Competencies some story shows (feedback, keeper test, innovation: none does).
    assert bests == [("candor", 4), ("team-leadership", 4)]
    assert [(c.id, b) for c, b in competency_bests(lib, [])] == [
        ("candor", None),
        ("team-leadership", None),
    ]


def test_the_story_told_is_named_by_the_title_it_kept_then_its_title_now_then_its_id() -> None:
    stories = library().stories
    assert told_story_title("outage", "Outage, as told", {"outage": "Now"}) == "Outage, as told"
    assert told_story_title("outage", "", {"outage": "Now"}) == "Now"
    assert told_story_title("outage", "", {}) == "outage"
    assert told_story_title(None, "kept", {}) == ""
    assert story_told_line("outage", stories) == "Story told: The Friday outage"
    assert story_told_line("gone", stories, "Kept title") == "Story told: Kept title"
    assert story_told_line(None, stories, "Kept title") == ""
