"""A real terminal for the installed app: tmux on a private server, driven like a keyboard.

Used by the real-terminal tests and by bench/kill9.py. Every Terminal has a server of its
own (`-L` with a unique socket name) that reads no configuration (`-f /dev/null`), so
nobody else's options or clients can resize our windows, and tests running in parallel
(pytest-xdist workers) never share a server: with one shared server, the last session's
exit could take the server down while another worker was starting a session on it.

CI once drew the app at 80x24 inside a 120x36 window, which pushed the text a test
looked for below the fold: the cause was COLUMNS/LINES in the server's environment,
which Textual trusted over the terminal. The app now drops them (tui.cli), and the test
fixture sets them on purpose so that this stays covered.
"""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Callable

WIDTH = 120
HEIGHT = 36


class Terminal:
    """One tmux session, on a server of its own, running a command at a fixed size."""

    def __init__(self, env: dict[str, str], prefix: str = "caseroom-test") -> None:
        self.name = f"{prefix}-{uuid.uuid4().hex[:8]}"
        self.socket = self.name  # one server per terminal
        self.env = env

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run one tmux command against this terminal's private, unconfigured server."""
        command = ["tmux", "-L", self.socket, "-f", "/dev/null", *args]
        return subprocess.run(command, capture_output=True, text=True, check=check)

    def start(self, *command: str) -> int:
        """Start `command` under `env`; return the pid of the pane's process."""
        env_args = [f"{k}={v}" for k, v in self.env.items()]
        size = ["-x", str(WIDTH), "-y", str(HEIGHT)]
        self.tmux("new-session", "-d", "-s", self.name, *size, "env", *env_args, *command)
        # Pin the size: "manual" stops any client from changing it later.
        self.tmux("set-option", "-t", self.name, "window-size", "manual", check=False)
        self.tmux("resize-window", "-t", self.name, *size, check=False)
        shown = self.query("#{window_width}x#{window_height}")
        if shown and shown != f"{WIDTH}x{HEIGHT}":
            raise AssertionError(f"tmux gave a {shown} window, not {WIDTH}x{HEIGHT}")
        # `env` execs the command, so the pane's process is the program itself.
        return int(self.query("#{pane_pid}") or 0)

    def query(self, template: str) -> str:
        shown = self.tmux("display-message", "-p", "-t", self.name, template, check=False)
        return shown.stdout.strip()

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """The screen once it shows `text`."""
        return self.wait_until(lambda screen: text in screen, f"{text!r} never appeared", timeout)

    def wait_until(self, condition: Callable[[str], bool], failure: str, timeout: float) -> str:
        """The screen once `condition(screen)` holds: a condition, never a fixed sleep."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{failure}; the screen shows:\n{self.screen()}")

    def wait_steady(self, timeout: float = 20.0, still: float = 0.25) -> str:
        """The screen once it has not changed for `still` seconds (the app is done drawing
        and ready for the next key): a condition on what is shown, not a fixed sleep."""
        deadline = time.monotonic() + timeout
        last, since = self.screen(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            screen = self.screen()
            if screen != last:
                last, since = screen, time.monotonic()
            elif time.monotonic() - since >= still:
                return screen
        raise AssertionError(f"the screen never settled; it shows:\n{last}")

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.name, check=False).returncode == 0

    def stop(self) -> None:
        """End the session and with it this terminal's private server."""
        self.tmux("kill-server", check=False)
