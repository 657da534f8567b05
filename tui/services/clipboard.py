"""Copying text to the clipboard: OSC 52 through the terminal, or a local clipboard tool.

OSC 52 (the App's `copy_to_clipboard`) works over SSH and inside tmux with set-clipboard
on, but many terminals drop it silently. So with `method = "auto"` caseroom also hands the
text to a local clipboard tool when one is installed, and says which way it went. This
module is the tool half: find one, run it. The terminal half lives in the App.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence

#: Local clipboard tools, best first: (the command, the display it needs, if any).
TOOLS: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("wl-copy",), "WAYLAND_DISPLAY"),
    (("xclip", "-selection", "clipboard"), "DISPLAY"),
    (("xsel", "--clipboard", "--input"), "DISPLAY"),
    (("pbcopy",), None),
    (("clip.exe",), None),
)
TOOL_TIMEOUT_S = 2.0


def find_tool(
    env: Mapping[str, str], which: Callable[[str], str | None] = shutil.which
) -> Sequence[str] | None:
    """The first installed tool whose display is there (xclip needs $DISPLAY), or None."""
    for command, display in TOOLS:
        if display is not None and not env.get(display):
            continue
        if which(command[0]):
            return command
    return None


def copy_with_tool(text: str, command: Sequence[str]) -> bool:
    """Give `text` to `command` on stdin; True if it took it. Never raises."""
    try:
        result = subprocess.run(
            list(command),
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=TOOL_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0
