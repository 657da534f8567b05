"""Writing content: a new prompt file from the template, and which editor to write it in.

Plain files and environment variables, no Textual: screens/widgets/editor.py hands the terminal
over to the editor this names.
"""

from __future__ import annotations

import shlex
from collections.abc import Container, Mapping
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
