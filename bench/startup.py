"""Time from process start to the first frame of the Tracks screen, against a bare Textual app.

Both are started as fresh processes, alternately, in the same run; each prints the time
from just before its spawn (the parent's monotonic clock, so interpreter start-up and
imports count) to `on_ready`, Textual's first-frame marker. For caseroom also: whether that
first frame had every figure (tracks with counts, Next up), how soon after it the
counts were checked against the files and the database, the moment every background
service is ready (library, store, watcher), the longest the UI loop was held meanwhile
(a 10 ms timer's worst lateness), and the peak memory (ru_maxrss) half a second after.

    python bench/startup.py [--runs 15]

Targets: caseroom's complete first frame at most 1.3x the bare app, no stall over
50 ms, peak memory at most 70 MiB.
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
    stall = 0.0
    def compose(self):
        yield Header(); yield Static("caseroom"); yield Footer()
    def on_ready(self):
        import resource
        print("first_frame", time.monotonic() - process_start())
        # The same 10 ms timer as caseroom's: its worst lateness here is the floor that
        # Textual's own work after a first frame (the footer's keys, a layout) sets.
        self._tick = time.monotonic()
        self.set_interval(0.01, self._beat)
        self.set_timer(0.5, self.idle)
    def _beat(self):
        now = time.monotonic()
        self.stall = max(self.stall, now - self._tick - 0.01)
        self._tick = now
    def idle(self):
        print("stall", self.stall)
        print("maxrss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        self.exit()
import resource
Bare().run(headless=True)
"""
)

CASEROOM = (
    PROCESS_START
    + """
import gc
gc.disable()  # as the command starts the app (tui.cli.run_app): on again at the first frame
import resource, sys, time
from tui.app import AppConfig, CaseroomApp
class Timed(CaseroomApp):
    stall = 0.0
    _tick = None
    def on_ready(self):
        self._first_at = time.monotonic()
        print("first_frame", self._first_at - process_start())
        screen = self.screen
        rows = screen.query_one("#tracks-table").row_count
        options = screen.query_one("#next-up").option_count
        print("complete", int(rows > 0 and options > 0))
        super().on_ready()
        self._tick = time.monotonic()
        self.set_interval(0.01, self._beat)
    def _beat(self):
        now = time.monotonic()
        self.stall = max(self.stall, now - self._tick - 0.01)
        self._tick = now
        if not hasattr(self, "_checked") and self.screen.figures_checked:
            self._checked = True
            print("checked", now - self._first_at)
        # Every service the tracks screen needs: the library, the watcher, its figures
        # read; the store only if it was needed (a database that peek cannot read).
        opened = self.store_available or not self.store_wanted
        if self.library_loaded and self.live.started and self.screen.figures_checked and opened:
            if not hasattr(self, "_ready_at"):
                self._ready_at = now
                print("all_ready", now - process_start())
            elif now - self._ready_at > 0.5:  # idle a moment: the peak is reached
                print("stall", self.stall)
                print("store_opened", int(self.store_available))
                print("maxrss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
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
        if name in (
            "first_frame",
            "complete",
            "checked",
            "all_ready",
            "stall",
            "maxrss",
            "store_opened",
        ):
            figures[name] = float(value)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    bare: list[dict[str, float]] = []
    ours: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        # A private data, cache and config dir: the benchmark never touches the user's own.
        # The config holds a theme, a keymap entry and a practice setting, so reading and
        # applying config.toml (before the first frame) is part of what is timed.
        env = {**os.environ, "XDG_DATA_HOME": tmp, "XDG_CACHE_HOME": tmp, "XDG_CONFIG_HOME": tmp}
        # Compiled bytecode, as an installed command has it (pip compiles the wheel's
        # modules): with PYTHONDONTWRITEBYTECODE set, every start compiled caseroom's own
        # modules from source while the bare app read Textual's .pyc files. The warm-up
        # writes them, under the temp folder (never into the checkout), for both apps.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        config = Path(tmp) / "caseroom" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(
            'theme = "nord"\n[keymap]\n"tracks.history" = "g"\n[practice]\ndaily_cap = 3\n',
            encoding="utf-8",
        )
        # Warm the OS file cache, write the bytecode and create the database once.
        measure(BARE, env=env)
        measure(CASEROOM, db, env=env)
        for _ in range(runs):
            bare.append(measure(BARE, env=env))
            ours.append(measure(CASEROOM, db, env=env))

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(row.get(key, float("nan")) for row in rows)

    bare_ms = median(bare, "first_frame") * 1000
    print(f"runs: {runs} each, alternating; load average {os.getloadavg()[0]:.2f}")
    print(f"bare textual app, first frame:        {bare_ms:7.1f} ms (median)")
    print(f"                  peak memory:        {median(bare, 'maxrss'):7.1f} MiB")
    for label, key in (("first frame", "first_frame"), ("every service ready", "all_ready")):
        value = median(ours, key) * 1000
        print(f"caseroom, {label:27s} {value:7.1f} ms (median)  ratio {value / bare_ms:.2f}x")
    # Each caseroom start beside the bare start just before it: the machine's speed drifts
    # by a third within a batch, and a pair shares its moment of it.
    pairs = sorted(
        row["first_frame"] / base["first_frame"]
        for base, row in zip(bare, ours, strict=True)
        if "first_frame" in row and "first_frame" in base
    )
    if pairs:
        print(
            f"  first frame, start by start against the bare start before it: median"
            f" {statistics.median(pairs):.2f}x (middle half {pairs[len(pairs) // 4]:.2f}"
            f"-{pairs[(3 * len(pairs)) // 4]:.2f}x)"
        )
    complete = sum(int(row.get("complete", 0)) for row in ours)
    print(f"  first frames with every figure (tracks, counts, Next up): {complete}/{runs}")
    opened = sum(int(row.get("store_opened", 0)) for row in ours)
    print(f"  runs that opened the store (sqlmodel) before the idle tracks screen: {opened}/{runs}")
    checked = median(ours, "checked") * 1000
    print(
        f"  first frame's figures checked (library, attempts, Next up) {checked:.0f} ms"
        " after it (median)"
    )
    stall = max(row.get("stall", float("nan")) for row in ours) * 1000
    bare_stall = max(row.get("stall", float("nan")) for row in bare) * 1000
    typical = median(ours, "stall") * 1000
    print(
        f"  longest UI stall, first frame to every service ready: {stall:.0f} ms (worst run;"
        f" median run {typical:.0f} ms); bare app's first 0.5 s: {bare_stall:.0f} ms"
        f" (worst run; median run {median(bare, 'stall') * 1000:.0f} ms)"
    )
    print(f"  peak memory to an idle tracks screen: {median(ours, 'maxrss'):.1f} MiB (median)")
    print(
        "targets: first frame (complete) at most 1.30x the bare app; figures checked within"
        " 500 ms; stall <= 50 ms; <= 70 MiB"
    )


if __name__ == "__main__":
    main()
