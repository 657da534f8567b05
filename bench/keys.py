"""Key to settled screen, through the real app, on each list, against a bare Textual app.

    python bench/keys.py [--presses 24] [--tmux]

Both apps run headless (`run_test`) in this process. A key is sent as the terminal would
(through the driver, as Pilot does, but never timed through Pilot's idle heuristic); the
figure is the time from sending it to the last frame the compositor produced because of it
(the screen is settled once no new frame comes for `QUIET_S`). The CPU spent meanwhile is
printed too: on a busy machine wall time waits on other processes, CPU time does not.

The baseline, in the same run: a bare Textual app with a DataTable of 12 rows and a Markdown
detail pane that `update`s on every highlight, with a short text (a heading and a
paragraph), the cheapest thing that looks like a list with a preview.

caseroom: ↓↓↓↑↑↑ over and over on the tracks list, on the Next up list, on a track's
prompts, on its rounds and on history (a database of 300 attempts, so Next up and history
have rows).

`--tmux` adds the same ↓/↑ on the tracks screen in a real terminal: the installed app and
the bare app, each in tmux, polling the pane until it stops changing.

Targets: navigation keys settle under 50 ms median, 100 ms worst (in-app).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import Horizontal  # noqa: E402
from textual.widgets import DataTable, Footer, Header, Markdown  # noqa: E402

#: No new frame for this long after a key: the screen has settled.
QUIET_S = 0.25


class FrameClock:
    """Notes the moment of every frame an App composes (wraps `App._display`)."""

    def __init__(self, app: App[Any]) -> None:
        self.last = 0.0
        self.frames = 0
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                self.last = time.perf_counter()
                self.frames += 1
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]


async def settle_after(app: App[Any], clock: FrameClock, key: str) -> tuple[float, float]:
    """Send `key`; return (wall ms, CPU ms) from sending it to its last frame."""
    assert app._driver is not None
    await asyncio.sleep(QUIET_S)  # a quiet app before each key
    frames = clock.frames
    cpu = time.process_time()
    sent = time.perf_counter()
    event = events.Key(key, None)
    event.set_sender(app)
    app._driver.send_message(event)
    while True:
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        if now - max(clock.last, sent) >= QUIET_S:
            break
    if clock.frames == frames:  # nothing changed on screen
        return 0.0, 0.0
    cpu_ms = (time.process_time() - cpu) * 1000
    # The quiet wait itself costs next to no CPU (sleeping).
    return (clock.last - sent) * 1000, cpu_ms


async def press_all(app: App[Any], clock: FrameClock, presses: int) -> list[tuple[float, float]]:
    """↓ three times, ↑ three times, and again, `presses` keys in all: inside the first
    four rows (every list here has at least four), so every key moves the cursor."""
    cycle = ["down"] * 3 + ["up"] * 3
    keys = [cycle[n % len(cycle)] for n in range(presses)]
    return [await settle_after(app, clock, key) for key in keys]


class BareApp(App[None]):
    """The baseline: a DataTable with a Markdown pane updated on every highlight."""

    CSS = "DataTable { width: 40; } Markdown { width: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            table: DataTable[str] = DataTable(cursor_type="row")
            table.add_column("Item")
            for n in range(12):
                table.add_row(f"Item {n}", key=str(n))
            yield table
            yield Markdown("")
        yield Footer()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        n = event.cursor_row
        self.query_one(Markdown).update(f"## Item {n}\n\nA short paragraph about item {n}.")


async def until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition never held")
        await asyncio.sleep(0.005)


async def bare(presses: int) -> list[tuple[float, float]]:
    app = BareApp()
    async with app.run_test(size=(120, 36)) as pilot:
        clock = FrameClock(app)
        await pilot.pause()
        await press_all(app, clock, 6)  # warm-up
        return await press_all(app, clock, presses)


def fill_db(path: Path) -> None:
    from history_store import fill

    from tui.store import Store

    store = Store.open(f"sqlite:///{path}")
    fill(store, 300, random.Random(7))
    store.close()


async def caseroom(db: Path, presses: int) -> dict[str, list[tuple[float, float]]]:
    from textual.widgets import OptionList

    from screens.history import HistoryScreen
    from screens.prompts import PromptsScreen
    from screens.rounds import RoundsScreen
    from tui.app import AppConfig, CaseroomApp
    from tui.paths import bundled_content_dir

    # freeze_gc as the installed command starts (tui.cli.run_app): without it every full
    # collection walks the library and sqlmodel (~150k objects) and one key in twelve
    # took 110-180 ms; the command's app never collects those.
    config = AppConfig(
        content_dirs=[bundled_content_dir()],
        db_url=f"sqlite:///{db}",
        watch=False,
        freeze_gc=True,
    )
    app = CaseroomApp(config)
    result: dict[str, list[tuple[float, float]]] = {}

    async def on(name: str, ready: Callable[[], bool], prepare: Callable[[], Awaitable[None]]):
        await prepare()
        await until(ready)
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.3)
        await press_all(app, clock, 6)  # warm-up
        result[name] = await press_all(app, clock, presses)

    async with app.run_test(size=(120, 36)) as pilot:
        clock = FrameClock(app)
        # The tracks screen as a person finds it: its figures read, the store not opened
        # (nothing there needs it; the prompts screen opens it, before its keys are timed).
        await until(lambda: app.library_loaded and app.screen.figures_checked)
        await pilot.pause()

        async def nothing() -> None:
            return None

        async def next_up() -> None:
            app.screen.query_one("#next-up", OptionList).focus()

        async def back_to_tracks() -> None:
            app.screen.query_one("#tracks-table").focus()

        async def prompts() -> None:
            await app.push_screen(PromptsScreen("product-manager"))

        async def rounds() -> None:
            app.pop_screen()
            await app.push_screen(RoundsScreen("product-manager"))

        async def history() -> None:
            app.pop_screen()
            await app.push_screen(HistoryScreen())

        await on("tracks", lambda: True, nothing)
        await on("next up", lambda: bool(getattr(app.screen, "next_up", [])), next_up)
        await back_to_tracks()
        await on("prompts", lambda: isinstance(app.screen, PromptsScreen), prompts)
        await on("rounds", lambda: isinstance(app.screen, RoundsScreen), rounds)
        await on(
            "history",
            lambda: isinstance(app.screen, HistoryScreen) and bool(app.screen.rows),
            history,
        )
    return result


def summary(samples: list[tuple[float, float]]) -> tuple[float, float, float]:
    walls = [wall for wall, _cpu in samples]
    cpus = [cpu for _wall, cpu in samples]
    return statistics.median(walls), max(walls), statistics.median(cpus)


# -- the real terminal --------------------------------------------------------------------

BARE_SCRIPT = "import sys; sys.path.insert(0, {bench!r}); from keys import BareApp; BareApp().run()"


def tmux_presses(command: list[str], env: dict[str, str], ready: str, presses: int) -> list[float]:
    """↓/↑ in tmux: from sending the key until the pane stops changing (polled every 5 ms,
    settled when unchanged for QUIET_S after its first change; a key that changes nothing
    within 5 s counts as 0)."""
    from tmux import Terminal

    terminal = Terminal(env, prefix="caseroom-bench")
    terminal.start(*command)
    try:
        terminal.wait_for(ready, timeout=60)
        terminal.wait_steady(still=0.5)  # the store and the watcher have started
        samples = []
        cycle = ["Down"] * 3 + ["Up"] * 3
        for key in (cycle[n % len(cycle)] for n in range(presses)):
            before = terminal.screen()
            sent = time.perf_counter()
            terminal.keys(key)
            changed_at = sent
            last = before
            while True:
                shown = terminal.screen()
                now = time.perf_counter()
                if shown != last:
                    last, changed_at = shown, now
                    continue
                nothing = last == before and now - sent >= 5.0  # the key changed nothing
                if nothing or (last != before and now - changed_at >= QUIET_S):
                    break
                time.sleep(0.005)
            samples.append((changed_at - sent) * 1000 if last != before else 0.0)
        return samples
    finally:
        terminal.stop()


def run_tmux(presses: int) -> None:
    caseroom_bin = Path(sys.executable).parent / "caseroom"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "XDG_DATA_HOME": tmp,
            "XDG_CONFIG_HOME": tmp,
            "XDG_CACHE_HOME": tmp,
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""),
        }
        if "PYTHONPATH" in os.environ:  # another checkout's code (a before/after run)
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        bare_cmd = [sys.executable, "-c", BARE_SCRIPT.format(bench=str(REPO / "bench"))]
        bare_ms = tmux_presses(bare_cmd, env, "Item 11", presses)
        ours = tmux_presses([str(caseroom_bin)], env, "Next up", presses)
    b = statistics.median(bare_ms)
    print(f"\ntmux, tracks screen, {presses} keys each: key -> pane settled (ms)")
    print(f"  bare app        median {b:7.1f}  worst {max(bare_ms):7.1f}")
    c = statistics.median(ours)
    print(f"  caseroom tracks median {c:7.1f}  worst {max(ours):7.1f}  ratio {c / b:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=24)
    parser.add_argument("--tmux", action="store_true")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    baseline = asyncio.run(bare(args.presses))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "keys.db"
        fill_db(db)
        ours = asyncio.run(caseroom(db, args.presses))
    b_med, b_worst, b_cpu = summary(baseline)
    print(f"{args.presses} keys a screen: key -> last frame (ms); ratio of medians to bare")
    print(f"{'':22s} {'median':>8s} {'worst':>8s} {'cpu med':>8s} {'ratio':>7s}")
    print(f"{'bare DataTable+Markdown':22s} {b_med:8.1f} {b_worst:8.1f} {b_cpu:8.1f} {1:6.2f}x")
    for name, samples in ours.items():
        med, worst, cpu = summary(samples)
        print(f"{'caseroom ' + name:22s} {med:8.1f} {worst:8.1f} {cpu:8.1f} {med / b_med:6.2f}x")
    print("targets: median < 50 ms, worst < 100 ms")
    if args.tmux:
        run_tmux(args.presses)


if __name__ == "__main__":
    main()
