"""The content model: immutable snapshots of everything the markdown library holds.

Screens only ever read these objects; the loader builds them and the watcher publishes a
new `Library` when files change. Nothing here imports anything heavy, so screens can use
the types before the first frame.

The items a library holds (tracks, prompts, scaffolds, rounds, competencies, stories) are
defined in `tui.core.items` and named here as well: `from tui.core.model import Prompt`
works as ever. They are imported from there when first named, not with this module,
because making their classes costs ~5 ms (each dataclass compiles its methods) and the
first frame needs none of them: only `Library`, empty until the loading thread fills it,
and `Problem`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from tui.core.items import Competency, Prompt, Round, Scaffold, Step, Story, StoryPart, Track

__all__ = [  # the items too: the type checker sees them exported from here
    "KINDS",
    "Competency",
    "Kind",
    "Library",
    "Override",
    "Problem",
    "Prompt",
    "Round",
    "Scaffold",
    "Step",
    "Story",
    "StoryPart",
    "Track",
]

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


#: The item classes named here and defined in tui.core.items (see the docstring).
_ITEMS = frozenset(
    ("Step", "Scaffold", "Track", "Prompt", "Round", "Competency", "StoryPart", "Story")
)


def __getattr__(name: str) -> Any:  # PEP 562: called only for names not defined above
    if name in _ITEMS:
        from tui.core import items

        return getattr(items, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
