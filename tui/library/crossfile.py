"""The checks that need more than one file: ids used twice, prompts whose track or
scaffold does not exist, rounds whose prompts are missing, from another track, or too few.

`assemble` runs them over every file's parse result (with its last good version to fall
back on) and builds the `Library`. An `AssemblyMemo` carried from one `assemble` to the
next lets it reuse what did not change (`tui.library.stages`): a one-file reload of 5,000
prompts checks one prompt.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar

from tui.core.model import (
    Competency,
    Library,
    Override,
    Problem,
    Prompt,
    Round,
    Scaffold,
    Story,
    Track,
)
from tui.library.hints import closest, did_you_mean
from tui.library.parsed import FileKind, Parsed
from tui.library.stages import AssemblyMemo, Candidate, Stage, patch, same_inputs

_LAST_GOOD = " (the last good version stays in use until this is fixed)"

T = TypeVar("T", Track, Prompt, Scaffold, Round, Competency, Story)


class _Check(Protocol[T]):
    """A cross-file check: the item (maybe adjusted) or the problem that rules it out."""

    def __call__(self, parsed: Parsed, item: T, /) -> T | Problem: ...


def assemble(
    candidates: Sequence[Candidate],
    extra: Iterable[Problem] = (),
    memo: AssemblyMemo | None = None,
) -> tuple[Library, set[str]]:
    """Run the cross-file checks and build a Library.

    `candidates` holds, in precedence order, each file's current parse, the last good
    version to fall back on when the current one is broken, and the index of the content
    folder it is in. An id defined again in a later folder overrides the earlier one
    (`Library.overrides`); twice in one folder, the second is a problem. Returns the
    Library and the paths whose current version was accepted. `memo` (kept by the caller
    between calls) lets the stages whose files did not change be reused, and a few
    changed files be patched in (`tui.library.stages`).
    """
    problems: list[Problem] = list(extra)
    by_kind: dict[FileKind, list[Candidate]] = {
        "track": [],
        "scaffold": [],
        "prompt": [],
        "round": [],
        "competency": [],
        "story": [],
    }
    for candidate in candidates:
        current, fallback, _root = candidate
        if current.item is None:
            note = _LAST_GOOD if fallback is not None and fallback.item is not None else ""
            problems.extend(replace(p, message=p.message + note) for p in current.problems)
        by_kind[current.kind].append(candidate)
    checks = _Checks(problems, memo or AssemblyMemo())
    track_stage = checks.stage("track", by_kind["track"], Track)
    tracks = track_stage.result
    folders: dict[str, str] = {}
    for track_parsed, track in tracks.values():
        folders.setdefault(track_parsed.folder, track.id)
    scaffold_stage = checks.stage("scaffold", by_kind["scaffold"], Scaffold)
    scaffolds = scaffold_stage.result
    competency_stage = checks.stage("competency", by_kind["competency"], Competency)
    competencies = competency_stage.result
    # Everything a prompt's or a story's check reads besides its own file (compared by
    # identity first, then by value: an equal scaffold re-read keeps the stage).
    context = checks.memo.same(
        (
            tuple(folders.items()),
            tuple((key, value[1]) for key, value in scaffolds.items()),
            tuple((key, value[1]) for key, value in competencies.items()),
        )
    )
    prompt_stage = checks.stage(
        "prompt",
        by_kind["prompt"],
        Prompt,
        lambda p, item: checks.prompt(p, item, folders, scaffolds, competencies),
        (context,),
    )
    story_stage = checks.stage(
        "story",
        by_kind["story"],
        Story,
        lambda p, item: checks.story(p, item, scaffolds, competencies),
        (context,),
    )
    round_stage = checks.stage(
        "round",
        by_kind["round"],
        Round,
        lambda p, item: checks.round(p, item, tracks, prompt_stage),
        (track_stage, prompt_stage),
    )
    stages = (track_stage, scaffold_stage, competency_stage, prompt_stage, story_stage)
    for stage in (*stages, round_stage):
        problems.extend(stage.problems)
        checks.overrides.extend(stage.overrides)
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    library = Library(
        tracks=track_stage.items(),
        prompts=prompt_stage.items(),
        scaffolds=scaffold_stage.items(),
        rounds=round_stage.items(),
        problems=tuple(problems),
        overrides=tuple(sorted(checks.overrides, key=lambda o: (o.path, o.line))),
        stories=story_stage.items(),
        competencies=competency_stage.items(),
    )
    accepted = set().union(*(stage.accepted for stage in (*stages, round_stage)))
    return library, accepted


class _Checks:
    def __init__(self, problems: list[Problem], memo: AssemblyMemo) -> None:
        self.problems = problems
        self.accepted: set[str] = set()
        self.memo = memo
        self.overrides: list[Override] = []
        self.claims: dict[str, int] = {}
        self._noted: set[tuple[str, int, str]] = set()

    def stage(
        self,
        kind: FileKind,
        candidates: list[Candidate],
        cls: type[T],
        check: _Check[T] | None = None,
        inputs: tuple[object, ...] = (),
    ) -> Stage[T]:
        """One kind's outcome: the last one when nothing it reads changed, the last one
        patched when only a few of its files did, else a full run of `unique`."""
        previous: Stage[T] | None = self.memo.stages.get(kind)
        stage: Stage[T] | None = None
        if previous is not None and same_inputs(previous.inputs, inputs):
            if previous.candidates == candidates:
                stage = previous
            else:
                quiet = functools.partial(self._quiet, check)
                stage = patch(previous, candidates, cls, quiet)
        if stage is None:
            stage = self._full(candidates, cls, check, inputs)
        self.memo.stages[kind] = stage
        return stage

    def _quiet(self, check: _Check[T] | None, parsed: Parsed, item: T) -> T | None:
        """`check`'s verdict if it is an item and noted nothing; else None, with any note
        taken back (a full run will say it)."""
        if check is None:
            return item
        before = len(self.problems)
        verdict = check(parsed, item)
        if len(self.problems) == before and not isinstance(verdict, Problem):
            return verdict
        for problem in self.problems[before:]:
            self._noted.discard((problem.path, problem.line, problem.message))
        del self.problems[before:]
        return None

    def _full(
        self,
        candidates: list[Candidate],
        cls: type[T],
        check: _Check[T] | None,
        inputs: tuple[object, ...],
    ) -> Stage[T]:
        """Run `unique` over one kind, keeping apart what it reports."""
        problems, overrides = self.problems, self.overrides
        self.problems, self.overrides, self.accepted, self.claims = [], [], set(), {}
        try:
            result = self.unique(candidates, cls, check)
            stage = Stage(
                candidates,
                inputs,
                result,
                self.problems,
                self.overrides,
                self.accepted,
                self.claims,
                frozenset(p.path for p in self.problems) | {o.path for o in self.overrides},
            )
        finally:
            self.problems, self.overrides = problems, overrides
        return stage

    def shape_counts(self, prompts: Stage[Prompt], track: str) -> dict[tuple[str, str], int]:
        """How many accepted prompts of `track` there are of each (category, kind)
        (counted once per prompt stage: every count round asks)."""
        if prompts.shapes is None:
            prompts.shapes = {}
            for _parsed, prompt in prompts.result.values():
                shapes = prompts.shapes.setdefault(prompt.track, {})
                shape = (prompt.category, prompt.kind)
                shapes[shape] = shapes.get(shape, 0) + 1
        return prompts.shapes.get(track, {})

    def unique(
        self,
        candidates: list[Candidate],
        cls: type[T],
        check: _Check[T] | None = None,
    ) -> dict[str, tuple[Parsed, T]]:
        """Items by id. Within one content folder the first file wins and a later one with
        the same id is a problem; a later folder's file overrides an earlier folder's.
        Counts in `claims` how many files offer each id."""
        result: dict[str, tuple[Parsed, T]] = {}
        folder_of: dict[str, int] = {}
        for current, fallback, root in candidates:
            for option in (current, fallback):
                if option is None or not isinstance(option.item, cls):
                    continue
                item = option.item
                self.claims[item.id] = self.claims.get(item.id, 0) + 1
                if check is not None:
                    checked = check(option, item)
                    if isinstance(checked, Problem):
                        self._report(option, current, checked)
                        continue
                    item = checked
                other = result.get(item.id)
                if other is not None and folder_of[item.id] < root:
                    self.overrides.append(
                        Override(
                            option.path,
                            option.lines.get("id", 1),
                            option.kind,
                            item.id,
                            other[0].path,
                        )
                    )
                elif other is not None:
                    line = option.lines.get("id", 1)
                    self._report(
                        option,
                        current,
                        Problem(
                            option.path,
                            line,
                            f'the id "{item.id}" is already used by {other[0].path}',
                        ),
                    )
                    continue
                result[item.id] = (option, item)
                folder_of[item.id] = root
                if option is current:
                    self.accepted.add(current.path)
                break
        return result

    def _report(self, option: Parsed, current: Parsed, problem: Problem) -> None:
        # A broken file's own problems are already reported; its fallback's are not news.
        if option is current:
            self.problems.append(problem)

    def prompt(
        self,
        parsed: Parsed,
        prompt: Prompt,
        folders: Mapping[str, str],
        scaffolds: Mapping[str, tuple[Parsed, Scaffold]],
        competencies: Mapping[str, tuple[Parsed, Competency]],
    ) -> Prompt | Problem:
        track_id = folders.get(parsed.folder)
        if track_id is None:
            # Imported here, for this message only: its patterns cost ~5 ms to compile on
            # a start the cache answers, which never parses a file.
            from tui.library.sanitize import sanitize_text

            return Problem(
                parsed.path,
                1,
                f'the track folder "{sanitize_text(parsed.folder)}" has no valid track.md, '
                "so this prompt has no track",
            )
        if prompt.scaffold not in scaffolds:
            line = parsed.lines.get("scaffold", 1)
            return unknown(parsed, line, "scaffold", prompt.scaffold, scaffolds)
        if prompt.competencies:
            named = self.known_competencies(parsed, prompt.competencies, competencies)
            if named != prompt.competencies:
                prompt = replace(prompt, competencies=named)
        return prompt if prompt.track == track_id else replace(prompt, track=track_id)

    def known_competencies(
        self,
        parsed: Parsed,
        named: tuple[str, ...],
        competencies: Mapping[str, tuple[Parsed, Competency]],
    ) -> tuple[str, ...]:
        """The named competency ids that exist; each unknown one is a problem (the file
        still loads without it: a typo in a tag should not hide a story)."""
        kept: list[str] = []
        for index, name in enumerate(named):
            if name in competencies:
                kept.append(name)
            else:
                line = parsed.lines.get(
                    f"competencies.{index}", parsed.lines.get("competencies", 1)
                )
                self.note(parsed, unknown(parsed, line, "competency", name, competencies))
        return tuple(kept)

    def note(self, parsed: Parsed, problem: Problem) -> None:
        """A problem that does not rule the item out, said once per file version."""
        key = (problem.path, problem.line, problem.message)
        if key not in self._noted:
            self._noted.add(key)
            self.problems.append(problem)

    def story(
        self,
        parsed: Parsed,
        story: Story,
        scaffolds: Mapping[str, tuple[Parsed, Scaffold]],
        competencies: Mapping[str, tuple[Parsed, Competency]],
    ) -> Story | Problem:
        found = scaffolds.get(story.structure)
        if found is None:
            line = parsed.lines.get("structure", 1)
            return unknown(parsed, line, "structure", story.structure, scaffolds)
        steps = {step.title.lower(): step.title for step in found[1].steps}
        for index, part in enumerate(story.parts):
            if part.title.lower() not in steps:
                close = closest(part.title.lower(), steps)
                hint = did_you_mean(f"## {steps[close]}" if close else None)
                names = ", ".join(f"## {title}" for title in steps.values())
                return Problem(
                    parsed.path,
                    parsed.lines.get(f"part.{index}", 1),
                    f'"## {part.title}" is not a part of the {found[1].title} '
                    f"({story.structure}){hint or f' (its parts: {names})'}",
                )
        named = self.known_competencies(parsed, story.competencies, competencies)
        return story if named == story.competencies else replace(story, competencies=named)

    def round(
        self,
        parsed: Parsed,
        round_: Round,
        tracks: Mapping[str, tuple[Parsed, Track]],
        prompt_stage: Stage[Prompt],
    ) -> Round | Problem:
        prompts = prompt_stage.result
        if round_.track not in tracks:
            return unknown(parsed, parsed.lines.get("track", 1), "track", round_.track, tracks)
        for index, prompt_id in enumerate(round_.prompts):
            line = parsed.lines.get(f"prompts.{index}", parsed.lines.get("prompts", 1))
            found = prompts.get(prompt_id)
            if found is None:
                return unknown(parsed, line, "prompt", prompt_id, prompts)
            if found[1].track != round_.track:
                return Problem(
                    parsed.path,
                    line,
                    f'prompt "{prompt_id}" belongs to track "{found[1].track}", '
                    f'not to this round\'s track "{round_.track}"',
                )
        if round_.count:
            shapes = self.shape_counts(prompt_stage, round_.track)
            matching = sum(
                number
                for (category, kind), number in shapes.items()
                if (not round_.categories or category in round_.categories)
                and (not round_.kinds or kind in round_.kinds)
            )
            if matching < round_.count:
                return Problem(
                    parsed.path,
                    parsed.lines.get("track", 1),
                    f"the round asks for {round_.count} prompts but only {matching} in track "
                    f'"{round_.track}" match its categories and kinds',
                )
        return round_


def unknown(parsed: Parsed, line: int, what: str, name: str, known: Iterable[str]) -> Problem:
    """A reference to a `what` that no file defines, with the closest name that exists."""
    hint = did_you_mean(closest(name, known))
    return Problem(parsed.path, line, f'{what} "{name}" does not exist{hint}')
