"""A real terminal for the installed app: tmux on a private server, driven like a keyboard.

Used by the real-terminal tests and by bench/kill9.py. The server is private (`-L`) and
reads no configuration (`-f /dev/null`), so nobody else's options or clients can resize
our windows. CI once drew the app at 80x24 inside a 120x36 window, which pushed the text a
test looked for below the fold: the cause was COLUMNS/LINES in the server's environment,
which Textual trusted over the terminal. The app now drops them (tui.cli), and the test
fixture sets them on purpose so that this stays covered.
"""

from __future__ import annotations

import subprocess
import time
import uuid

SOCKET = "caseroom-tests"
WIDTH = 120
HEIGHT = 36


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run one tmux command against our private, unconfigured server."""
    command = ["tmux", "-L", SOCKET, "-f", "/dev/null", *args]
    return subprocess.run(command, capture_output=True, text=True, check=check)


class Terminal:
    """One tmux session running a command at a fixed size."""

    def __init__(self, env: dict[str, str], prefix: str = "caseroom-test") -> None:
        self.name = f"{prefix}-{uuid.uuid4().hex[:8]}"
        self.env = env

    def start(self, *command: str) -> int:
        """Start `command` under `env`; return the pid of the pane's process."""
        env_args = [f"{k}={v}" for k, v in self.env.items()]
        size = ["-x", str(WIDTH), "-y", str(HEIGHT)]
        tmux("new-session", "-d", "-s", self.name, *size, "env", *env_args, *command)
        # Pin the size: "manual" stops any client from changing it later.
        tmux("set-option", "-t", self.name, "window-size", "manual", check=False)
        tmux("resize-window", "-t", self.name, *size, check=False)
        shown = self.query("#{window_width}x#{window_height}")
        if shown and shown != f"{WIDTH}x{HEIGHT}":
            raise AssertionError(f"tmux gave a {shown} window, not {WIDTH}x{HEIGHT}")
        # `env` execs the command, so the pane's process is the program itself.
        return int(self.query("#{pane_pid}") or 0)

    def query(self, template: str) -> str:
        return tmux("display-message", "-p", "-t", self.name, template, check=False).stdout.strip()

    def keys(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        tmux("send-keys", "-t", self.name, "-l", text)

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def alive(self) -> bool:
        return tmux("has-session", "-t", self.name, check=False).returncode == 0

    def stop(self) -> None:
        tmux("kill-session", "-t", self.name, check=False)
