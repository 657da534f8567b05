"""Time from process start to the first frame of the Tracks screen, against a bare Textual app.

Both are started as fresh processes, alternately, in the same run; each prints the time
from just before its spawn (the parent's monotonic clock, so interpreter start-up and
imports count) to `on_ready`, Textual's first-frame marker. For caseroom a second
figure is printed too: the moment the Tracks screen shows the loaded library.

    python bench/startup.py [--runs 15]

Target: caseroom's first frame at most 1.3x the bare app.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The child prints time.monotonic() at its first frame; CLOCK_MONOTONIC is system-wide on
# Linux, so subtracting the parent's reading taken just before the spawn gives the time from
# process start (interpreter start-up and every import included) to the first frame.
PROCESS_START = """
import os, sys, time
def process_start():
    return float(sys.argv[-1])
"""

BARE = (
    PROCESS_START
    + """
import time
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App[None]):
    def compose(self):
        yield Header(); yield Static("caseroom"); yield Footer()
    def on_ready(self):
        print("first_frame", time.monotonic() - process_start())
        self.exit()
Bare().run(headless=True)
"""
)

CASEROOM = (
    PROCESS_START
    + """
import sys, time
from tui.app import AppConfig, CaseroomApp
class Timed(CaseroomApp):
    def on_ready(self):
        print("first_frame", time.monotonic() - process_start())
        super().on_ready()
    def set_library(self, library):
        super().set_library(library)
        print("tracks_listed", time.monotonic() - process_start())
        self.exit()
config = AppConfig.default(db=sys.argv[1])
Timed(config).run(headless=True)
"""
)


def measure(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code, *args, repr(started)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    figures = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition(" ")
        if name in ("first_frame", "tracks_listed"):
            figures[name] = float(value)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    bare: list[float] = []
    first: list[float] = []
    listed: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        # A private data, cache and config dir: the benchmark never touches the user's own.
        # The config holds a theme, a keymap entry and a practice setting, so reading and
        # applying config.toml (before the first frame) is part of what is timed.
        env = {**os.environ, "XDG_DATA_HOME": tmp, "XDG_CACHE_HOME": tmp, "XDG_CONFIG_HOME": tmp}
        config = Path(tmp) / "caseroom" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(
            'theme = "nord"\n[keymap]\n"tracks.history" = "g"\n[practice]\ndaily_cap = 3\n',
            encoding="utf-8",
        )
        measure(CASEROOM, db, env=env)  # warm the OS file cache and create the database once
        for _ in range(runs):
            bare.append(measure(BARE)["first_frame"])
            figures = measure(CASEROOM, db, env=env)
            first.append(figures["first_frame"])
            listed.append(figures.get("tracks_listed", float("nan")))
    bare_ms = statistics.median(bare) * 1000
    first_ms = statistics.median(first) * 1000
    listed_ms = statistics.median(listed) * 1000
    print(f"runs: {runs} each, alternating")
    print(f"bare textual app, first frame:   {bare_ms:7.1f} ms (median)")
    for label, value in (("first frame (tracks)", first_ms), ("library listed", listed_ms)):
        print(f"caseroom, {label:21s} {value:7.1f} ms (median)  ratio {value / bare_ms:.2f}x")
    print("target: first frame at most 1.30x the bare app")


if __name__ == "__main__":
    main()
