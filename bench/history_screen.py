"""History screen at scale: 100,000 attempts, timed through the real app (Pilot).

    python bench/history_screen.py [--attempts 100000] [--runs 7] [--db FILE]

Fills a temporary database with bench/history_store.py's bulk filler (real schema, indexes
and full-text triggers), starts CaseroomApp on it with the bundled library in `run_test`,
then measures, as medians over --runs:

- baseline: pushing a trivial screen until it is mounted (same app, same run);
- open: pushing HistoryScreen until its first page of rows is in the table (the count of
  all matches follows separately, it never holds the rows back);
- filter by kind / track / prompt / period / status (Select: queries at once) until the
  filtered rows are shown;
- filter by text (typed into the Input): total time including the 150 ms debounce, and
  the same minus the debounce (what the query and the table cost).

Ratios are against the baseline. Targets: open < 150 ms, every filter < 80 ms.

Beside each wall-clock figure: the UI thread's own CPU time over the same window
(`time.thread_time`), which a machine shared with other work inflates far less than the
wall clock. The trivial screen's pop wakes the tracks screen (it refreshes on resume):
history is opened once the app is quiet again, as each round starts. At the end: the
process's peak memory (ru_maxrss; the database is filled in a child process so the
filler's own peak is not counted).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from history_store import KINDS, TRACKS, TYPICAL, fill
from textual.screen import Screen
from textual.widgets import Input, Select, Static

from screens.history import TEXT_DEBOUNCE_S, HistoryScreen
from tui.app import AppConfig, CaseroomApp
from tui.paths import bundled_content_dir
from tui.store import Store


class TrivialScreen(Screen[None]):
    """The baseline: one line of text, no data."""

    def compose(self) -> object:  # type: ignore[override]
        yield Static("baseline")


async def until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Yield to the event loop until `condition()` holds (never blocks the app)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition never held")
        await asyncio.sleep(0.0005)


#: The UI thread's CPU time (ms) of the figures measured last, by figure.
CPU_MS: dict[str, float] = {}


class Window:
    """Wall-clock and UI-thread CPU milliseconds of a `with` block run on the UI thread."""

    def __enter__(self) -> Window:
        self.wall, self.cpu = time.perf_counter(), time.thread_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall_ms = (time.perf_counter() - self.wall) * 1000
        self.cpu_ms = (time.thread_time() - self.cpu) * 1000


async def time_baseline(app: CaseroomApp) -> float:
    """Push a trivial screen and wait until it is mounted."""
    with Window() as window:
        screen = TrivialScreen()
        await app.push_screen(screen)
        await until(lambda: screen.is_mounted)
    CPU_MS["baseline"] = window.cpu_ms
    app.pop_screen()
    return window.wall_ms


async def time_open(app: CaseroomApp) -> tuple[float, HistoryScreen]:
    """Push HistoryScreen and wait until the first page is in its table."""
    with Window() as window:
        screen = HistoryScreen()
        await app.push_screen(screen)
        await until(lambda: screen.settled and screen._sequence > 0 and bool(screen.rows))
    CPU_MS["open"] = window.cpu_ms
    return window.wall_ms, screen


def filters_up(screen: HistoryScreen) -> bool:
    """True once all the drop-downs are mounted with their labels."""
    selects = screen.query(Select)
    mounted = bool(selects) and all(select.is_mounted for select in selects)
    return mounted and len(screen.query("SelectCurrent #label")) == len(selects)


async def time_change(screen: HistoryScreen, change: Callable[[], None]) -> float:
    """Change a filter and wait until the table shows the answer to that new query."""
    before = screen._sequence
    with Window() as window:
        change()
        await until(lambda: screen._sequence > before and screen.settled)
    CPU_MS["change"] = window.cpu_ms
    return window.wall_ms


def set_select(screen: HistoryScreen, selector: str, value: object) -> Callable[[], None]:
    def change() -> None:
        screen.query_one(selector, Select).value = value

    return change


def set_text(screen: HistoryScreen, value: str) -> Callable[[], None]:
    def change() -> None:
        screen.query_one("#history-filter", Input).value = value

    return change


async def quiet(app: CaseroomApp) -> None:
    """Until no worker runs and the screen on top has drawn what it was asked to."""
    await app.workers.wait_for_complete()
    await asyncio.sleep(0.05)
    await app.workers.wait_for_complete()


async def measure(
    app: CaseroomApp, runs: int, cpu: dict[str, list[float]] | None = None
) -> dict[str, list[float]]:
    """Every figure, `runs` times each, after one warm-up round (their UI-thread CPU
    times into `cpu`)."""
    samples: dict[str, list[float]] = {
        k: []
        for k in (
            "baseline",
            "open",
            "kind",
            "track",
            "prompt",
            "period",
            "status",
            "text_total",
            "text_query",
        )
    }
    for round_ in range(runs + 1):
        figures: dict[str, float] = {"baseline": await time_baseline(app)}
        cpu_ms = {"baseline": CPU_MS["baseline"]}
        await quiet(app)  # the tracks screen, woken by the pop, refreshes first
        figures["open"], screen = await time_open(app)
        cpu_ms["open"] = CPU_MS["open"]
        # The drop-downs mount just after the first paint (Lazy): a person can only use
        # them once they are there, so filter timings start from that moment.
        await until(partial(filters_up, screen))
        await asyncio.sleep(0.05)
        kind = KINDS[round_ % len(KINDS)]
        figures["kind"] = await time_change(screen, set_select(screen, "#history-kind", kind))
        cpu_ms["kind"] = CPU_MS["change"]
        await time_change(screen, set_select(screen, "#history-kind", Select.NULL))
        figures["track"] = await time_change(
            screen, set_select(screen, "#history-track", TRACKS[0])
        )
        cpu_ms["track"] = CPU_MS["change"]
        await time_change(screen, set_select(screen, "#history-track", Select.NULL))
        first_prompt = screen.query_one("#history-prompt", Select)._options[1][1]
        figures["prompt"] = await time_change(
            screen, set_select(screen, "#history-prompt", first_prompt)
        )
        cpu_ms["prompt"] = CPU_MS["change"]
        await time_change(screen, set_select(screen, "#history-prompt", Select.NULL))
        figures["period"] = await time_change(screen, set_select(screen, "#history-period", 365))
        cpu_ms["period"] = CPU_MS["change"]
        await time_change(screen, set_select(screen, "#history-period", Select.NULL))
        figures["status"] = await time_change(screen, set_select(screen, "#history-show", "all"))
        cpu_ms["status"] = CPU_MS["change"]
        await time_change(screen, set_select(screen, "#history-show", "submitted"))
        word = TYPICAL if round_ % 2 else "zeugmatic"
        figures["text_total"] = await time_change(screen, set_text(screen, word))
        cpu_ms["text_total"] = CPU_MS["change"]
        figures["text_query"] = figures["text_total"] - TEXT_DEBOUNCE_S * 1000
        cpu_ms["text_query"] = cpu_ms["text_total"]  # the debounce waits, it costs no CPU
        app.pop_screen()
        # Each round starts from a quiet app: the last filter's count (it may scan every
        # match) must not be running while the next open is timed.
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.05)
        if round_ > 0:  # the first round warms caches and imports
            for key, value in figures.items():
                samples[key].append(value)
                if cpu is not None:
                    cpu.setdefault(key, []).append(cpu_ms[key])
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--db", type=Path, help="a database filled by an earlier run: kept, filled if missing"
    )
    parser.add_argument("--fill-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill_only:  # the child process filling --db
        store = Store.open(f"sqlite:///{args.db}")
        fill(store, args.attempts, random.Random(20260301))
        store.close()
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        if not path.exists():
            began = time.perf_counter()
            filler = [sys.executable, __file__, "--fill-only", "--db", str(path)]
            subprocess.run([*filler, "--attempts", str(args.attempts)], check=True)
            print(f"filled {args.attempts:,} attempts in {time.perf_counter() - began:.1f} s")
        config = AppConfig(
            content_dirs=[bundled_content_dir()], db_url=f"sqlite:///{path}", watch=False
        )
        app = CaseroomApp(config)
        result: dict[str, list[float]] = {}
        cpu: dict[str, list[float]] = {}

        async def drive() -> None:
            async with app.run_test(size=(120, 36)) as pilot:
                await until(lambda: app.library_loaded)
                app.want_store()  # opened ahead: the figures are history's, not the store's
                await until(lambda: app.store_available)
                await pilot.pause()
                result.update(await measure(app, args.runs, cpu))

        asyncio.run(drive())

    base = statistics.median(result["baseline"])
    print(f"\nmedians over {args.runs} runs (ms), ratio against the trivial screen push;")
    print("the UI thread's CPU time over the same window beside it")
    labels = {
        "baseline": "push a trivial screen (baseline)",
        "open": "open history -> first page of rows (target < 150)",
        "kind": "filter by kind -> rows           (target < 80)",
        "track": "filter by track -> rows          (target < 80)",
        "prompt": "filter by prompt -> rows         (target < 80)",
        "period": "filter by period -> rows         (target < 80)",
        "status": "filter by status -> rows         (target < 80)",
        "text_total": "type a text filter -> rows, incl. 150 ms debounce",
        "text_query": "  the same minus the debounce    (target < 80)",
    }
    cpu_base = max(statistics.median(cpu["baseline"]), 0.1)
    for key, label in labels.items():
        value, busy = statistics.median(result[key]), statistics.median(cpu[key])
        print(
            f"{label:52s} {value:8.1f}  {value / base:6.1f}x"
            f"   cpu {busy:6.1f}  {busy / cpu_base:5.1f}x"
        )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (the app on this history): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
