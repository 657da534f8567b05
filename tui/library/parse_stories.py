"""The story bank's two kinds of content file, each parsed on its own.

`competencies/<id>.md`: front matter `title`, `tracks: [...]` (the tracks whose loops
probe it); the body says what it means. `stories/<id>.md`: front matter `title`, `where`,
`when`, `competencies: [...]`, `structure: timed-story | star`; one `## <part>` section per
step of that structure's scaffold. Whether the structure and the competencies exist, and
whether the part titles are the structure's steps, needs other files: `crossfile` checks.
"""

from __future__ import annotations

from tui.core.model import Competency, Story, StoryPart
from tui.library.fields import Fields
from tui.library.markdown_body import split_sections

COMPETENCY_KEYS = ("id", "title", "tracks")
STORY_KEYS = ("id", "title", "where", "when", "competencies", "structure")
#: The structures a story may be told in (scaffold ids).
STORY_STRUCTURES = ("timed-story", "star")


def competency(fields: Fields, name: str, folder: str) -> Competency:
    fields.unknown_keys(fields.meta, COMPETENCY_KEYS, ())
    return Competency(
        id=fields.identifier(("id",), default=name),
        title=fields.text(("title",), required=True),
        tracks=fields.texts(("tracks",)),
        description=fields.front.body.strip(),
        path=fields.path,
    )


def story(fields: Fields, name: str, folder: str) -> Story:
    fields.unknown_keys(fields.meta, STORY_KEYS, ())
    story_id = fields.identifier(("id",), default=name)
    title = fields.text(("title",), required=True)
    where = _loose_text(fields, "where")
    when = _loose_text(fields, "when")
    competencies = fields.texts(("competencies",))
    structure = fields.choice(("structure",), STORY_STRUCTURES) or "timed-story"
    sections = split_sections(fields.front.body)
    parts: list[StoryPart] = []
    seen: set[str] = set()
    for section in sections.sections:
        key = section.name.lower().rstrip(":").strip()
        if not key:
            fields.body_problem(section.offset, "a part heading needs a title: ## Challenge")
        elif key in seen:
            fields.body_problem(section.offset, f'the part "## {section.name}" appears twice')
        else:
            seen.add(key)
            parts.append(StoryPart(section.name.rstrip(":").strip(), section.text.strip()))
    return Story(
        id=story_id,
        title=title,
        competencies=competencies,
        structure=structure,
        where=where,
        when=when,
        parts=tuple(parts),
        path=fields.path,
        summary=sections.intro.strip(),
    )


def _loose_text(fields: Fields, key: str) -> str:
    """A one-line text where a bare year (`when: 2023`) is meant as text too."""
    value = fields.meta.get(key)
    if type(value) is int:
        return str(value)
    return fields.text((key,))
