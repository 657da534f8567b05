"""`caseroom export --format md` writes no control character or escape sequence from the
database: read back as raw bytes through a pty (what a terminal would get) and from a file."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.store.test_store_failures import PROMPT, SCAFFOLD
from tui.core.records import AnswerProgress, StepDraft
from tui.store import Store

CASEROOM = Path(sys.executable).parent / "caseroom"
HOSTILE = (
    "\x1b]0;pwned title\x07"  # OSC 0: the window title
    "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: a clipboard write
    "\x1b[2J\x1b[H"  # clear the screen, cursor home
    "\x9b31m\x85\x90evil\x9c"  # C1 controls: CSI, NEL, DCS ... ST
    "\x08\x7f"
)
# ESC, BEL, backspace, DEL and the C1 range as UTF-8 (U+0080..U+009F is C2 80..C2 9F).
FORBIDDEN = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def seed(url: str) -> None:
    prompt = replace(PROMPT, title=f"Pricing {HOSTILE}\nsecond line")
    with Store.open(url) as store:
        attempt_id = store.start_attempt(prompt, SCAFFOLD, 600)
        steps = (StepDraft(0, "One", f"my answer {HOSTILE} goes on"),)
        store.submit(attempt_id, AnswerProgress(steps, elapsed_s=5))


def through_a_pty(*args: str) -> bytes:
    """Run the installed caseroom with its stdout on a pty; every byte it wrote."""
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen([str(CASEROOM), *args], stdout=slave, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(30) == 0, b"".join(chunks)
    finally:
        os.close(master)
    return b"".join(chunks)


@pytest.mark.skipif(not CASEROOM.exists(), reason="needs the installed caseroom command")
def test_markdown_export_to_a_terminal_carries_no_escape_sequence(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    seed(url)
    # The pty turns each newline into CR LF (onlcr): those two are the terminal's own.
    written = through_a_pty("--db", url, "export", "--format", "md").replace(b"\r\n", b"\n")
    assert FORBIDDEN.search(written) is None, written
    text = written.decode()
    # The codes go with their parameters (the OSC's title text too); plain words stay.
    assert "# Pricing evil second line" in text
    assert "my answer" in text and "goes on" in text
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    assert "second line" in heading  # the title kept to its one heading line


@pytest.mark.skipif(not CASEROOM.exists(), reason="needs the installed caseroom command")
def test_markdown_export_to_a_file_carries_no_escape_sequence(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    seed(url)
    out = tmp_path / "out.md"
    through_a_pty("--db", url, "export", "--format", "md", "--output", str(out))
    written = out.read_bytes()
    assert FORBIDDEN.search(written) is None, written
    assert b"my answer" in written
