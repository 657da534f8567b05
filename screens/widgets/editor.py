"""Editing content from inside the app: suspend the App, run $EDITOR on a file, resume.

Which editor, and the template of a new prompt, are tui/library/authoring.py. After the
editor returns the caller re-reads the file at once, so the change shows even when the
watcher is off (or the folder is on a share the watcher cannot see).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tui.library.authoring import editor_command

#: Editors that take `+N file` to open the file at line N.
PLUS_LINE = frozenset(
    {"vi", "vim", "nvim", "view", "gvim", "ex", "nano", "pico", "emacs", "emacsclient",
     "micro", "kak", "joe", "mg", "ne"}
)  # fmt: skip
#: Editors that take `file:N` (VS Code and its kin after `-g`).
COLON_LINE = frozenset({"subl", "zed", "hx", "helix"})
GOTO_COLON_LINE = frozenset({"code", "code-insiders", "codium", "vscodium", "cursor"})


def editor_argv(editor: list[str], path: Path, line: int | None = None) -> list[str]:
    """The command that opens `path` in `editor` (at `line` when the editor is one whose
    way of saying a line is known; any other gets the file alone, never a stray `+N`)."""
    if line is None or line < 1:
        return [*editor, str(path)]
    name = Path(editor[0]).name.lower().removesuffix(".exe")
    if name in PLUS_LINE:
        return [*editor, f"+{line}", str(path)]
    if name in COLON_LINE:
        return [*editor, f"{path}:{line}"]
    if name in GOTO_COLON_LINE:
        return [*editor, "-g", f"{path}:{line}"]
    return [*editor, str(path)]


def run_editor(
    app: Any,
    path: Path,
    env: Mapping[str, str] | None = None,
    call: Callable[[list[str]], int] = subprocess.call,
    *,
    line: int | None = None,
) -> bool:
    """Suspend the app, edit `path` (at `line` if given), resume. False (and a notification)
    if it could not."""
    command = editor_argv(editor_command(os.environ if env is None else env), path, line)
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
