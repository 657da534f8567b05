"""The installed `caseroom` in a pty: copying a step writes the OSC 52 sequence itself.

tmux would swallow the sequence (or turn it into its own buffer), so this test is the
terminal: it reads every byte the app writes and looks for `ESC ] 52 ; c ; <base64> BEL`.
"""

from __future__ import annotations

import base64
import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

CASEROOM = Path(sys.executable).parent / "caseroom"
F8 = b"\x1b[19~"

pytestmark = pytest.mark.skipif(
    not CASEROOM.exists(), reason="needs the installed caseroom command (pip install -e .)"
)


class Pty:
    """A child process on a pseudo-terminal; everything it writes is kept."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk

    def seen(self) -> bytes:
        with self._lock:
            return bytes(self.output)

    def wait_for(self, needle: bytes, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.seen():
            if time.monotonic() > deadline or self.process.poll() is not None:
                tail = self.seen()[-2000:]
                raise AssertionError(f"{needle!r} never came; last output: {tail!r}")
            time.sleep(0.05)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.send(b"\x11")  # ctrl+q
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.master)


def test_f8_in_practice_writes_the_osc52_sequence(tmp_path: Path) -> None:
    env = {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        # No display and no clipboard tool on this PATH: "auto" sends OSC 52 only.
        "PATH": str(Path(sys.executable).parent),
    }
    answer = "Confirm the outcome: time to first play on the TV. ✓"
    term = Pty([str(CASEROOM)], env)
    try:
        term.wait_for(b"Role tracks")
        term.wait_for(b"Product")
        term.send(b"\r")
        term.wait_for(b"Type to narrow")
        term.send(b"shared")
        time.sleep(0.3)  # the filter narrows on a short debounce
        term.send(b"\r")
        term.wait_for(b"Step 1/6")
        term.send(answer.encode("utf-8"))
        term.wait_for(b"time to first play")  # drawn: the step holds the text
        term.send(F8)
        expected = b"\x1b]52;c;" + base64.b64encode(answer.encode("utf-8")) + b"\x07"
        term.wait_for(expected)
        term.wait_for(b"OSC 52")  # the notice says which way it went
    finally:
        term.stop()
