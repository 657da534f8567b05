"""The story bank's logic: which competencies a track asks for, which stories cover them,
which story fits a question, and which question a story should be drilled against next.

Plain functions over the content model (`Story`, `Competency`, `Prompt`) and plain
records of what was told; the store and the screens call them. Deterministic: ties are
broken by title and id, never by input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from tui.core.model import Competency, Library, Prompt, Story
from tui.core.scheduling import NextUp, as_utc

#: A story that is the only one for more than this many of a track's competencies carries
#: too much: one weak telling would leave all of them bare.
MAX_SOLE_COVER = 3


@dataclass(frozen=True)
class Telling:
    """One attempt that told a story: against which prompt, when, and its score if any."""

    story_id: str
    prompt_id: str
    at: datetime
    score: int | None = None


@dataclass(frozen=True)
class Coverage:
    """A track's competencies (rows) against the candidate's stories (columns)."""

    competencies: tuple[Competency, ...]
    stories: tuple[Story, ...]

    def shows(self, story: Story, competency: Competency) -> bool:
        return competency.id in story.competencies

    def stories_for(self, competency: Competency) -> list[Story]:
        return [story for story in self.stories if self.shows(story, competency)]

    @property
    def gaps(self) -> list[Competency]:
        """Competencies no story shows."""
        return [c for c in self.competencies if not self.stories_for(c)]

    @property
    def overloaded(self) -> list[Story]:
        """Stories that alone carry more than MAX_SOLE_COVER competencies."""
        sole: dict[str, int] = {}
        for competency in self.competencies:
            carriers = self.stories_for(competency)
            if len(carriers) == 1:
                sole[carriers[0].id] = sole.get(carriers[0].id, 0) + 1
        return [story for story in self.stories if sole.get(story.id, 0) > MAX_SOLE_COVER]


def track_competencies(library: Library, track_id: str) -> list[Competency]:
    """The competencies a track asks for: those listed for the track, and any its
    behavioral prompts name; in the competency list's order (title, then id)."""
    named = {
        competency
        for prompt in library.prompts.values()
        if prompt.track == track_id
        for competency in prompt.competencies
    }
    chosen = [c for c in library.competencies.values() if track_id in c.tracks or c.id in named]
    return sorted(chosen, key=lambda c: (c.title.lower(), c.id))


def coverage(library: Library, track_id: str) -> Coverage:
    stories = sorted(library.stories.values(), key=lambda s: (s.title.lower(), s.id))
    return Coverage(tuple(track_competencies(library, track_id)), tuple(stories))


def overlap(story: Story, prompt: Prompt) -> int:
    """How many of the prompt's competencies the story shows."""
    return len(set(story.competencies) & set(prompt.competencies))


def stories_for_prompt(stories: Iterable[Story], prompt: Prompt) -> list[Story]:
    """Every story, those showing most of the prompt's competencies first (the suggestions),
    then the rest by title: a person may always tell any story."""
    return sorted(stories, key=lambda s: (-overlap(s, prompt), s.title.lower(), s.id))


def drill_questions(
    story: Story, prompts: Iterable[Prompt], tellings: Sequence[Telling]
) -> list[Prompt]:
    """Behavioral questions, from any track, that probe a competency the story shows and
    that this story has not answered yet: most overlap first, then by title."""
    answered = {t.prompt_id for t in tellings if t.story_id == story.id}
    fitting = [
        prompt
        for prompt in prompts
        if prompt.kind == "behavioral" and prompt.id not in answered and overlap(story, prompt)
    ]
    return sorted(fitting, key=lambda p: (-overlap(story, p), p.title.lower(), p.id))


def times_told(tellings: Iterable[Telling]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for telling in tellings:
        counts[telling.story_id] = counts.get(telling.story_id, 0) + 1
    return counts


def score_trend(story_id: str, tellings: Iterable[Telling]) -> list[int]:
    """The story's scores, oldest first (unscored tellings left out; tellings at the same
    moment in the order given)."""
    # Stable on time alone: two tellings at the same moment keep the order they were told.
    told = [t for t in tellings if t.story_id == story_id and t.score is not None]
    return [t.score for t in sorted(told, key=lambda t: as_utc(t.at)) if t.score is not None]


def last_score(story_id: str, tellings: Iterable[Telling]) -> int | None:
    trend = score_trend(story_id, tellings)
    return trend[-1] if trend else None


def best_by_competency(stories: Mapping[str, Story], tellings: Iterable[Telling]) -> dict[str, int]:
    """For each competency, the best score of any telling of a story that shows it."""
    best: dict[str, int] = {}
    for telling in tellings:
        story = stories.get(telling.story_id)
        if story is None or telling.score is None:
            continue
        for competency in story.competencies:
            best[competency] = max(best.get(competency, 0), telling.score)
    return best


@dataclass(frozen=True)
class StoryFigures:
    """One story on the stats screen: how often it was told and its scores, oldest first."""

    story_id: str
    title: str
    told: int
    scores: tuple[int, ...]


def story_figures(stories: Mapping[str, Story], tellings: Sequence[Telling]) -> list[StoryFigures]:
    """Every story in the bank and every story told whose file is gone (named by its id),
    most told first, then by title."""
    told = times_told(tellings)
    ids = set(stories) | set(told)
    figures = [
        StoryFigures(
            sid,
            stories[sid].title if sid in stories else sid,
            told.get(sid, 0),
            tuple(score_trend(sid, tellings)),
        )
        for sid in ids
    ]
    return sorted(figures, key=lambda f: (-f.told, f.title.lower(), f.story_id))


def competency_bests(
    library: Library, tellings: Iterable[Telling]
) -> list[tuple[Competency, int | None]]:
    """Each competency some story shows, with the best score of a telling of a story that
    shows it (None: not scored yet); in the competency list's order (title, then id)."""
    best = best_by_competency(library.stories, tellings)
    shown = {c for story in library.stories.values() for c in story.competencies}
    chosen = [c for c in library.competencies.values() if c.id in shown or c.id in best]
    ordered = sorted(chosen, key=lambda c: (c.title.lower(), c.id))
    return [(c, best.get(c.id)) for c in ordered]


def story_most_due(
    stories: Iterable[Story], due: Mapping[str, datetime], tellings: Sequence[Telling]
) -> Story | None:
    """The story to drill now: a story never told first (by title), else the one whose FSRS
    due date is earliest."""
    ordered = sorted(stories, key=lambda s: (s.title.lower(), s.id))
    told = times_told(tellings)
    for story in ordered:
        if not told.get(story.id):
            return story
    dated = [(as_utc(due[s.id]), s.title.lower(), s.id, s) for s in ordered if s.id in due]
    return min(dated)[3] if dated else (ordered[0] if ordered else None)


def told_story_title(story_id: str | None, kept: str, titles: Mapping[str, str]) -> str:
    """The title of the story an attempt told: the one it kept when the story was chosen,
    else the story's title now (`titles`: story id -> title; older attempts kept none),
    else its id (the file is gone); "" when the attempt told no story."""
    if not story_id:
        return ""
    return kept or titles.get(story_id) or story_id


def story_told_line(story_id: str | None, stories: Mapping[str, Story], kept: str = "") -> str:
    """ "Story told: <title>" for an attempt that named a story ("" when none did)."""
    titles = {sid: story.title for sid, story in stories.items()} if story_id else {}
    title = told_story_title(story_id, kept, titles)
    return f"Story told: {title}" if title else ""


def story_suggestions(
    library: Library, due: Mapping[str, datetime], told: Mapping[str, int], *, now: datetime
) -> list[NextUp]:
    """The story bank's candidates for Next up, best first: stories due (FSRS), most
    overdue first; then one story never told; then one coverage gap, the competency that
    the most behavioral prompts probe and no story shows ("write a story for it")."""
    now = as_utc(now)
    ordered = sorted(library.stories.values(), key=lambda s: (s.title.lower(), s.id))
    dated = sorted((as_utc(due[s.id]), s.title.lower(), s.id) for s in ordered if s.id in due)
    picks = [
        NextUp("", f"drill a story · {_days_due(when, now)}", "story", story_id=sid)
        for when, _title, sid in dated
        if when <= now
    ]
    fresh = next((s for s in ordered if not told.get(s.id) and s.id not in due), None)
    if fresh is not None:
        picks.append(NextUp("", "drill a story · never told yet", "story", story_id=fresh.id))
    probed: dict[str, int] = {}
    for prompt in library.prompts.values():
        for competency in prompt.competencies:
            probed[competency] = probed.get(competency, 0) + 1
    shown = {c for story in ordered for c in story.competencies}
    gaps = sorted(
        (c for c in library.competencies.values() if c.id not in shown and probed.get(c.id)),
        key=lambda c: (-probed[c.id], c.title.lower(), c.id),
    )
    if gaps:
        gap = gaps[0]
        count = probed[gap.id]
        asks = "1 question asks" if count == 1 else f"{count} questions ask"
        reason = f"no story shows it · {asks} for it"
        picks.append(NextUp("", reason, "story-gap", competency_id=gap.id))
    return picks


def _days_due(when: datetime, now: datetime) -> str:
    days = (now - when).days
    return "due today" if days <= 0 else f"due since {days} day{'s' if days != 1 else ''}"


def mix_stories(prompts: Sequence[NextUp], stories: Sequence[NextUp], budget: int) -> list[NextUp]:
    """Prompts and story-bank suggestions in one list of at most `budget` (today's share
    of the daily cap): due prompts first, then the stories (due ones, a new one, a gap),
    then the other prompts. Each story suggestion takes a prompt's place, never adds to
    the cap; with no budget left (today's share done) only the prompts' extra stays."""
    if budget <= 0:
        return list(prompts)
    due = [n for n in prompts if n.source == "due"]
    rest = [n for n in prompts if n.source != "due"]
    return [*due, *stories, *rest][:budget]
