"""The content model: immutable snapshots of everything the markdown library holds.

Screens only ever read these objects; the loader builds them and the watcher publishes a
new `Library` when files change. Nothing here imports anything heavy, so screens can use
the types before the first frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["case", "behavioral", "design"]
KINDS: tuple[Kind, ...] = ("case", "behavioral", "design")


@dataclass(frozen=True)
class Problem:
    """Something wrong with one content file, said so a non-programmer can fix it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Override:
    """A file in a later content folder that replaces an item an earlier folder defines
    (the usual rule for stacked folders): information, not a problem."""

    path: str
    line: int
    kind: str
    id: str
    replaces: str

    def __str__(self) -> str:
        return f'{self.path}:{self.line}: overrides the {self.kind} "{self.id}" of {self.replaces}'


@dataclass(frozen=True)
class Step:
    """One step of a scaffold. Its budget is fixed `seconds` or a `share` of the prompt."""

    title: str
    guidance: str = ""
    seconds: int | None = None
    share: float | None = None

    def budget_seconds(self, prompt_minutes: float) -> int:
        """Seconds this step may take when answering a prompt of `prompt_minutes`."""
        if self.seconds is not None:
            return self.seconds
        if self.share is not None:
            return max(1, round(self.share * prompt_minutes * 60))
        return 0


@dataclass(frozen=True)
class Scaffold:
    """An answer structure: ordered steps with time budgets, plus a yes/no rubric.

    `advance` is "manual" (the person moves between steps) or "timed" (each step moves on
    by itself when its budget runs out, as in the five-part timed story).
    """

    id: str
    title: str
    steps: tuple[Step, ...]
    rubric: tuple[str, ...] = ()
    advance: Literal["manual", "timed"] = "manual"
    description: str = ""
    path: str = ""

    def total_seconds(self, prompt_minutes: float) -> int:
        return sum(step.budget_seconds(prompt_minutes) for step in self.steps)


@dataclass(frozen=True)
class Track:
    """A role track: the folder `tracks/<id>/` and its `track.md`."""

    id: str
    title: str
    summary: str = ""
    order: int = 0
    body: str = ""
    glossary: tuple[str, ...] = ()
    path: str = ""


@dataclass(frozen=True)
class Prompt:
    """One question: a case prompt, a behavioral question or a design question."""

    id: str
    title: str
    track: str
    kind: Kind
    scaffold: str
    minutes: float
    question: str
    category: str = ""
    level: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    hints: str = ""
    outline: str = ""
    followups: tuple[str, ...] = ()
    path: str = ""
    #: The competencies a behavioral prompt probes (ids from the competency list).
    competencies: tuple[str, ...] = ()
    #: Which source guides its facts and figures come from (front matter `source:`); empty
    #: for a practice scenario that is caseroom's own.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Round:
    """A timed mock round: which prompts (fixed ids or a rule) and how long each gets."""

    id: str
    title: str
    track: str
    minutes: int
    per_question: int
    prompts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    kinds: tuple[Kind, ...] = ()
    count: int = 0
    order: Literal["fixed", "random"] = "fixed"
    description: str = ""
    path: str = ""


@dataclass(frozen=True)
class Competency:
    """One thing a behavioral interview listens for ("candor", "keeper test"), and the
    tracks whose loops probe it."""

    id: str
    title: str
    tracks: tuple[str, ...] = ()
    description: str = ""
    path: str = ""


@dataclass(frozen=True)
class StoryPart:
    """One part of a story, in the structure it is told in (a STAR or timed-story step)."""

    title: str
    text: str


@dataclass(frozen=True)
class Story:
    """One of the candidate's own stories: `stories/<id>.md` in their content folder.

    `structure` is the scaffold it is told in (`star` or `timed-story`); `parts` follow that
    scaffold's steps. A story is written once and told against many questions.
    """

    id: str
    title: str
    competencies: tuple[str, ...]
    structure: str = "timed-story"
    where: str = ""
    when: str = ""
    parts: tuple[StoryPart, ...] = ()
    path: str = ""
    #: Free notes written before the first part (not told; for the person only).
    summary: str = ""

    def part(self, title: str) -> str:
        """The text of the part titled `title` (any case), or "" if the story lacks it."""
        key = title.lower()
        return next((p.text for p in self.parts if p.title.lower() == key), "")


@dataclass(frozen=True)
class Library:
    """One consistent snapshot of all loaded content, plus the problems found on the way."""

    tracks: Mapping[str, Track] = field(default_factory=dict)
    prompts: Mapping[str, Prompt] = field(default_factory=dict)
    scaffolds: Mapping[str, Scaffold] = field(default_factory=dict)
    rounds: Mapping[str, Round] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    stories: Mapping[str, Story] = field(default_factory=dict)
    competencies: Mapping[str, Competency] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()

    def story_titles(self) -> dict[str, str]:
        """Story id -> title, for naming a story where only its id is stored (exports)."""
        return {story_id: story.title for story_id, story in self.stories.items()}

    def tracks_in_order(self) -> list[Track]:
        return sorted(self.tracks.values(), key=lambda t: (t.order, t.title.lower()))

    def prompts_of(self, track_id: str) -> list[Prompt]:
        return sorted(
            (p for p in self.prompts.values() if p.track == track_id),
            key=lambda p: (p.category, p.title.lower()),
        )

    def rounds_of(self, track_id: str) -> list[Round]:
        return sorted(
            (r for r in self.rounds.values() if r.track == track_id), key=lambda r: r.title
        )

    def scaffold_for(self, prompt: Prompt) -> Scaffold | None:
        return self.scaffolds.get(prompt.scaffold)
