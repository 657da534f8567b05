"""One content file in, one checked model object (or its problems) out.

Everything here depends on the file alone, so the result can be cached by the file's stat
and reused; checks that need other files (ids that must exist, duplicate ids) live in
`tui.library.crossfile`; the checked access to each value is `tui.library.fields`.
Messages are for the person who wrote the file, not for programmers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, cast

from tui.core.model import (
    KINDS,
    Kind,
    Prompt,
    Round,
    Scaffold,
    Step,
    Track,
)
from tui.library.fields import Fields, valid_id
from tui.library.frontmatter import parse_front_matter
from tui.library.hints import closest, did_you_mean
from tui.library.markdown_body import glossary_term, list_items, split_sections
from tui.library.parse_stories import competency, story
from tui.library.parsed import FileKind, Item, Parsed
from tui.library.yaml_values import KeyPath

MAX_PROMPT_MINUTES = 240

TRACK_KEYS = ("id", "title", "summary", "order")
PROMPT_KEYS = (
    "id",
    "title",
    "kind",
    "scaffold",
    "minutes",
    "category",
    "level",
    "tags",
    "source",
    "competencies",
)
SCAFFOLD_KEYS = ("id", "title", "advance", "steps", "rubric")
STEP_KEYS = ("title", "guidance", "seconds", "share")
ROUND_KEYS = (
    "id",
    "title",
    "track",
    "minutes",
    "per_question",
    "prompts",
    "count",
    "categories",
    "kinds",
    "order",
)
#: The `## ` sections a prompt body may have, by their lower-case name.
PROMPT_SECTIONS = {
    "hints": "Hints",
    "strong answer outline": "Strong answer outline",
    "follow-ups": "Follow-ups",
}


# Keys the cross-file checks may point at, so their lines are kept with the parse result.
_CROSS_FILE_KEYS = ("id", "scaffold", "track", "prompts", "competencies", "structure")


def parse_content(kind: FileKind, data: bytes, path: str, name: str, folder: str = "") -> Parsed:
    """Parse and check the file `path` of `kind`; `name` is its file name without `.md`."""
    parsed = parse_front_matter(data, path)
    if isinstance(parsed, list):
        return Parsed(kind, path, None, tuple(parsed), folder)
    fields = Fields(parsed, path)
    builder = _BUILDERS[kind]
    item = builder(fields, name, folder)
    lines = {key: parsed.lines[(key,)] for key in _CROSS_FILE_KEYS if (key,) in parsed.lines}
    if kind in ("round", "prompt", "story"):
        for key, line in parsed.lines.items():
            if len(key) == 2 and key[0] in ("prompts", "competencies"):
                lines[f"{key[0]}.{key[1]}"] = line
    if kind == "story":  # where each part starts, for "not a part of this structure"
        for index, section in enumerate(split_sections(parsed.body).sections):
            lines[f"part.{index}"] = parsed.body_line + section.offset
    if fields.problems:
        return Parsed(kind, path, None, tuple(fields.problems), folder, lines)
    return Parsed(kind, path, item, (), folder, lines)


# --- the four kinds of file -------------------------------------------------------------


def _track(fields: Fields, name: str, folder: str) -> Track:
    fields.unknown_keys(fields.meta, TRACK_KEYS, ())
    track_id = fields.identifier(("id",), default=folder)
    title = fields.title()
    summary = fields.text(("summary",))
    order = fields.number(("order",), required=False, whole=True, low=-1_000_000, high=1_000_000)
    body = fields.front.body.strip()
    sections = split_sections(fields.front.body)
    glossary: tuple[str, ...] = ()
    for section in sections.sections:
        if section.name.lower() == "glossary":
            glossary = tuple(glossary_term(item) for item in list_items(section.text))
    return Track(
        id=track_id,
        title=title,
        summary=summary,
        order=int(order),
        body=body,
        glossary=tuple(term for term in glossary if term),
        path=fields.path,
    )


def _prompt(fields: Fields, name: str, folder: str) -> Prompt:
    fields.unknown_keys(fields.meta, PROMPT_KEYS, ())
    prompt_id = fields.identifier(("id",), default=name)
    title = fields.title()
    kind = fields.choice(("kind",), KINDS, required=True)
    scaffold = fields.identifier(("scaffold",), what="scaffold id")
    minutes = fields.number(
        ("minutes",), required=True, whole=False, low=0, high=MAX_PROMPT_MINUTES
    )
    category = fields.text(("category",))
    level = fields.texts(("level",))
    tags = fields.texts(("tags",))
    sources = fields.texts(("source",))
    competencies = fields.texts(("competencies",))
    sections = split_sections(fields.front.body)
    question = sections.intro.strip()
    if not question:
        fields.body_problem(0, "the question is empty: write it right after the closing --- line")
    found: dict[str, str] = {}
    for section in sections.sections:
        key = section.name.lower().rstrip(":").strip()
        if key not in PROMPT_SECTIONS:
            close = closest(key, PROMPT_SECTIONS)
            hint = (
                did_you_mean(f"## {PROMPT_SECTIONS[close]}")
                if close
                else " (a prompt may have ## Hints, ## Strong answer outline and ## Follow-ups)"
            )
            fields.body_problem(section.offset, f'unknown section "## {section.name}"{hint}')
        elif key in found:
            fields.body_problem(section.offset, f'the section "## {section.name}" appears twice')
        else:
            found[key] = section.text
    followups = tuple(list_items(found.get("follow-ups", "")))
    return Prompt(
        id=prompt_id,
        title=title,
        track=folder,
        kind=cast(Kind, kind or "case"),
        scaffold=scaffold,
        minutes=minutes,
        question=question,
        category=category,
        level=level,
        tags=tags,
        hints=found.get("hints", "").strip(),
        outline=found.get("strong answer outline", "").strip(),
        followups=followups,
        path=fields.path,
        competencies=competencies,
        sources=sources,
    )


def _scaffold(fields: Fields, name: str, folder: str) -> Scaffold:
    fields.unknown_keys(fields.meta, SCAFFOLD_KEYS, ())
    scaffold_id = fields.identifier(("id",), default=name)
    title = fields.title()
    advance = fields.choice(("advance",), ("manual", "timed")) or "manual"
    steps = _steps(fields)
    rubric = fields.texts(("rubric",))
    return Scaffold(
        id=scaffold_id,
        title=title,
        steps=steps,
        rubric=rubric,
        advance=cast(Literal["manual", "timed"], advance),
        description=fields.front.body.strip(),
        path=fields.path,
    )


def _steps(fields: Fields) -> tuple[Step, ...]:
    raw_steps = fields.present(("steps",), required=True)
    if raw_steps is None:
        return ()
    if not isinstance(raw_steps, list):
        fields.problem(
            ("steps",),
            f'"steps" must be a list of steps, but {fields.describe(("steps",), raw_steps)}',
        )
        return ()
    steps: list[Step] = []
    for index, raw in enumerate(raw_steps):
        at: KeyPath = ("steps", index)
        if not isinstance(raw, dict):
            fields.problem(
                at, f"step {index + 1} must be a set of key: value lines (title: ..., seconds: ...)"
            )
            continue
        fields.unknown_keys(raw, STEP_KEYS, at)
        title = fields.title((*at, "title"))
        guidance = fields.text((*at, "guidance"))
        has_seconds = raw.get("seconds") is not None
        has_share = raw.get("share") is not None
        seconds: int | None = None
        share: float | None = None
        if has_seconds == has_share:
            fields.problem(
                at, f"step {index + 1} needs exactly one time budget: seconds: 30 or share: 0.25"
            )
        elif has_seconds:
            seconds = int(
                fields.number((*at, "seconds"), required=True, whole=True, low=0, high=3600)
            )
        else:
            share = float(fields.number((*at, "share"), required=True, whole=False, low=0, high=1))
        steps.append(Step(title=title, guidance=guidance, seconds=seconds, share=share))
    if not raw_steps:
        fields.problem(("steps",), '"steps" must list at least one step')
    shares = [step.share for step in steps if step.share is not None]
    if shares and len(shares) == len(steps) and not 0.95 <= sum(shares) <= 1.05:
        fields.problem(
            ("steps",), f"the step shares add up to {sum(shares):.2f}; they should add up to 1"
        )
    return tuple(steps)


def _round(fields: Fields, name: str, folder: str) -> Round:
    fields.unknown_keys(fields.meta, ROUND_KEYS, ())
    round_id = fields.identifier(("id",), default=name)
    title = fields.title()
    track = fields.identifier(("track",), what="track id")
    minutes = int(fields.number(("minutes",), required=True, whole=True, low=0, high=600))
    per_question = int(fields.number(("per_question",), required=True, whole=True, low=0, high=240))
    prompt_ids = _id_list(fields, ("prompts",))
    count = int(fields.number(("count",), required=False, whole=True, low=0, high=100))
    categories = fields.texts(("categories",))
    kinds = tuple(cast(Kind, kind) for kind in _choices(fields, ("kinds",), KINDS))
    order = fields.choice(("order",), ("fixed", "random")) or "fixed"
    has_prompts = fields.meta.get("prompts") is not None
    has_count = fields.meta.get("count") is not None
    if has_prompts == has_count:
        fields.problem(
            ("title",), 'a round needs either "prompts" (a list of prompt ids) or "count", not both'
        )
    if has_prompts and (categories or kinds):
        fields.problem(
            ("prompts",),
            '"categories" and "kinds" only apply with "count", not with a fixed "prompts" list',
        )
    questions = len(prompt_ids) if has_prompts else count
    if minutes and per_question and questions and questions * per_question > minutes:
        fields.problem(
            ("minutes",),
            f"{questions} questions of {per_question} minutes do not fit in {minutes} minutes",
        )
    return Round(
        id=round_id,
        title=title,
        track=track,
        minutes=minutes,
        per_question=per_question,
        prompts=prompt_ids,
        categories=categories,
        kinds=kinds,
        count=count,
        order=cast(Literal["fixed", "random"], order),
        description=fields.front.body.strip(),
        path=fields.path,
    )


def _id_list(fields: Fields, key: KeyPath) -> tuple[str, ...]:
    texts = fields.texts(key)
    value = fields.meta.get(str(key[0]))
    result: list[str] = []
    for index, text in enumerate(texts):
        if valid_id(text):
            result.append(text)
        else:
            at = (*key, index) if isinstance(value, list) else key
            fields.problem(at, f'"{text}" is not a valid prompt id')
    if isinstance(value, list) and not value:
        fields.problem(key, f'"{key[-1]}" must list at least one prompt id')
    return tuple(result)


def _choices(fields: Fields, key: KeyPath, options: tuple[str, ...]) -> tuple[str, ...]:
    result: list[str] = []
    for text in fields.texts(key):
        if text in options:
            result.append(text)
        else:
            fields.problem(key, f'"{key[-1]}" may only hold {", ".join(options)}, not "{text}"')
    return tuple(result)


_BUILDERS: dict[FileKind, Callable[[Fields, str, str], Item]] = {
    "track": _track,
    "prompt": _prompt,
    "scaffold": _scaffold,
    "round": _round,
    "competency": competency,
    "story": story,
}
