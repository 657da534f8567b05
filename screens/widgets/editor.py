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
