"""Editing content from inside the app: $EDITOR on a prompt file, new prompts from a template.

After the editor returns the caller re-reads the file at once, so the change shows even
when the watcher is off (or the folder is on a share the watcher cannot see).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Container, Mapping
from pathlib import Path
from typing import Any

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


def run_editor(
    app: Any,
    path: Path,
    env: Mapping[str, str] | None = None,
    call: Callable[[list[str]], int] = subprocess.call,
) -> bool:
    """Suspend the app, edit `path`, resume. False (and a notification) if it could not."""
    command = [*editor_command(os.environ if env is None else env), str(path)]
    from textual.app import SuspendNotSupported

    try:
        with app.suspend():
            call(command)
    except SuspendNotSupported:
        app.notify(
            f"This terminal cannot hand over to an editor: edit {path} yourself; "
            "caseroom picks up the change.",
            severity="warning",
            markup=False,
        )
        return False
    except OSError as error:
        app.notify(
            f"Could not start the editor {command[0]!r} ({error.strerror or error}). "
            "Set EDITOR to an editor you have.",
            severity="error",
            markup=False,
        )
        return False
    return True
