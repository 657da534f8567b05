"""What one run of the cross-file checks leaves for the next, so a reload checks only what
changed.

`crossfile.assemble` runs its checks in stages, one per kind of file (tracks, scaffolds,
competencies, prompts, stories, rounds), each over that kind's files and the results of
the stages before it. A `Stage` is one stage's outcome; `AssemblyMemo` keeps the last
one of each kind. The next assemble reuses a stage whose files and inputs are the same
objects, and *patches* one where only a few files changed in a way that cannot move any
other file's outcome (`patch`); anything else runs the stage again in full. Either way the
Library is the one a full run would build.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from tui.core.model import Competency, Override, Problem, Prompt, Round, Scaffold, Story, Track
from tui.library.parsed import Parsed

T = TypeVar("T", Track, Prompt, Scaffold, Round, Competency, Story)

Candidate = tuple[Parsed, Parsed | None, int]
"""A file's current parse, its last good version (when the current one is broken), and
the index of the content folder it is in."""

#: More changed files than this in one stage: run it again rather than patch.
_MOST_PATCHED = 16


@dataclass(eq=False)
class Stage(Generic[T]):
    """One kind's outcome: the items by id and what the stage reported on the way."""

    candidates: Sequence[Candidate]
    #: What the checks read besides the files (compared by identity).
    inputs: tuple[object, ...]
    result: dict[str, tuple[Parsed, T]]
    problems: list[Problem]
    overrides: list[Override]
    accepted: set[str]
    #: How many files offer an item with each id (checked or not).
    claims: dict[str, int]
    #: Files this stage reported a problem or an override for.
    noisy: frozenset[str]
    _items: Mapping[str, T] | None = field(default=None, repr=False)
    #: Prompts only: accepted prompts by track and (category, kind), for count rounds.
    shapes: dict[str, dict[tuple[str, str], int]] | None = field(default=None, repr=False)

    def items(self) -> Mapping[str, T]:
        """The items by id, read-only (made once per stage: a reused stage shares it)."""
        if self._items is None:
            self._items = MappingProxyType({key: value[1] for key, value in self.result.items()})
        return self._items


class AssemblyMemo:
    """The last stage of each kind, and the last context the prompt and story checks ran
    in; kept by the caller from one assemble to the next."""

    def __init__(self) -> None:
        self.stages: dict[str, Stage[Any]] = {}
        self.context: object = None

    def same(self, context: object) -> object:
        """The last context if `context` equals it (stages then match it by identity),
        else `context`, remembered."""
        if context != self.context:
            self.context = context
        return self.context


def same_inputs(one: tuple[object, ...], other: tuple[object, ...]) -> bool:
    return len(one) == len(other) and all(a is b for a, b in zip(one, other, strict=True))


def patch(
    previous: Stage[T],
    candidates: Sequence[Candidate],
    cls: type[T],
    check: Callable[[Parsed, T], T | None],
) -> Stage[T] | None:
    """`previous` with a few files' new versions in place, or None when a full run is
    needed.

    A file is patched only when nothing but its own item can change: the same file at the
    same place, current before and after (no fallback), offering the same id that no other
    file offers, the holder of that id before, reported nothing before, and its new version
    passes `check` (which returns None for a problem or a note, having taken them back).
    """
    if len(previous.candidates) != len(candidates):
        return None
    changed = list(
        itertools.compress(
            range(len(candidates)), map(operator.ne, previous.candidates, candidates)
        )
    )
    if len(changed) > _MOST_PATCHED:
        return None
    updates: list[tuple[str, Parsed, T, T]] = []
    for index in changed:
        old, old_fallback, old_root = previous.candidates[index]
        new, new_fallback, new_root = candidates[index]
        if old_fallback is not None or new_fallback is not None or old_root != new_root:
            return None
        if old.path != new.path or old.path in previous.noisy:
            return None
        if not isinstance(old.item, cls) or not isinstance(new.item, cls):
            return None
        key = old.item.id
        holder = previous.result.get(key)
        if new.item.id != key or previous.claims.get(key) != 1 or holder is None:
            return None
        if holder[0] is not old:
            return None
        updates.append((key, new, new.item, holder[1]))
    checked: list[tuple[str, Parsed, T, T]] = []
    for key, new, item, was in updates:
        verdict = check(new, item)
        if verdict is None or verdict.id != key:
            return None
        checked.append((key, new, verdict, was))
    result = dict(previous.result)
    items = None if previous._items is None else dict(previous._items)
    shapes = previous.shapes
    for key, new, verdict, was in checked:
        result[key] = (new, verdict)  # an existing key: the order stays a full run's
        if items is not None:
            items[key] = verdict
        if shapes is not None and _shape(was) != _shape(verdict):
            shapes = None  # counted again when a round asks
    return Stage(
        candidates,
        previous.inputs,
        result,
        previous.problems,
        previous.overrides,
        previous.accepted,
        previous.claims,
        previous.noisy,
        None if items is None else MappingProxyType(items),
        shapes,
    )


def _shape(item: object) -> tuple[object, ...]:
    if isinstance(item, Prompt):
        return (item.track, item.category, item.kind)
    return ()
