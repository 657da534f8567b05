"""Writing content: a new prompt file from the template, and which editor to write it in.

Plain files and environment variables, no Textual: screens/widgets/editor.py hands the terminal
over to the editor this names.
"""

from __future__ import annotations

import shlex
from collections.abc import Container, Mapping, Sequence
from pathlib import Path

#: The editor when $VISUAL and $EDITOR are unset: present on nearly every Unix.
FALLBACK_EDITOR = "vi"

PROMPT_TEMPLATE = """\
---
id: {id}
title: New prompt
kind: case
scaffold: {scaffold}
minutes: 10
category: ""
tags: []
---
Write the question here, as the interviewer would ask it.

## Hints
- What should a strong answer clarify first?
"""


def editor_command(env: Mapping[str, str]) -> list[str]:
    """The editor to run, split like a shell would ($EDITOR may carry flags)."""
    value = env.get("VISUAL") or env.get("EDITOR") or ""
    try:
        words = shlex.split(value)
    except ValueError:
        words = []  # an unbalanced quote: better vi than nothing
    return words or [FALLBACK_EDITOR]


def new_prompt_id(taken: Container[str], folder: Path) -> str:
    """The first `new-prompt-N` that is neither a prompt id nor a file in `folder`."""
    number = 1
    while f"new-prompt-{number}" in taken or (folder / f"new-prompt-{number}.md").exists():
        number += 1
    return f"new-prompt-{number}"


def create_prompt_file(folder: Path, prompt_id: str, scaffold: str) -> Path:
    """Write the template for `prompt_id` into `folder`; never overwrites a file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{prompt_id}.md"
    with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(PROMPT_TEMPLATE.format(id=prompt_id, scaffold=scaffold))
    return path


def new_story_id(taken: Container[str], folder: Path) -> str:
    """The first `new-story-N` that is neither a story id nor a file in `folder`."""
    number = 1
    while f"new-story-{number}" in taken or (folder / f"new-story-{number}.md").exists():
        number += 1
    return f"new-story-{number}"


def story_id_for(title: str, taken: Container[str], folder: Path) -> str:
    """An id from a story's title (`the-friday-outage`), numbered when it is taken."""
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in title.lower()).split()
    base = "-".join(words)[:48].strip("-") or "story"
    candidate, number = base, 1
    while candidate in taken or (folder / f"{candidate}.md").exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def story_text(
    *,
    title: str,
    structure: str,
    parts: Sequence[tuple[str, str]],
    where: str = "",
    when: str = "",
    competencies: Sequence[str] = (),
) -> str:
    """A story file: front matter (every value quoted, so any title is safe) and one
    `## ` section per part, in order."""
    lines = [
        "---",
        f"title: {_quoted(title)}",
        f"where: {_quoted(where)}",
        f"when: {_quoted(when)}",
        f"competencies: [{', '.join(competencies)}]",
        f"structure: {structure}",
        "---",
    ]
    for part, text in parts:
        lines += [f"## {part}", text.strip(), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _quoted(value: str) -> str:
    """A one-line YAML double-quoted scalar."""
    text = " ".join(value.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def create_story_file(folder: Path, story_id: str, text: str) -> Path:
    """Write the story `text` as `folder/<story_id>.md`; never overwrites a file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{story_id}.md"
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def story_template(steps: Sequence[tuple[str, str]], structure: str) -> str:
    """A new story to fill in: the structure's parts, each with its guidance as a prompt."""
    return story_text(
        title="New story",
        structure=structure,
        parts=[(title, guidance or "...") for title, guidance in steps],
    )


def copy_for_editing(source: Path, bundled_root: Path, user_root: Path) -> Path:
    """Copy a bundled file to the same place under the user's content folder (a reinstall
    overwrites the bundled copy; the user's folder is never touched by one) and return the
    copy. It keeps the file name and front matter, so its id, and a later folder's file with
    the same id overrides the bundled one. An existing copy is kept as it is."""
    target = user_root / source.resolve().relative_to(bundled_root.resolve())
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    return target
