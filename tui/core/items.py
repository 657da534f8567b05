"""The items a content library holds: tracks, prompts with their scaffolds and steps,
mock rounds, competencies and stories. Immutable; built by the loader.

Named in `tui.core.model` as well (where `Library` and `Problem` live), which imports this
module only when one of them is first used: see its docstring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tui.core.model import Kind


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
