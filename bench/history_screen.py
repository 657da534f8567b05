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
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
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


async def time_baseline(app: CaseroomApp) -> float:
    """Push a trivial screen and wait until it is mounted."""
    began = time.perf_counter()
    screen = TrivialScreen()
    await app.push_screen(screen)
    await until(lambda: screen.is_mounted)
    elapsed = (time.perf_counter() - began) * 1000
    app.pop_screen()
    return elapsed


async def time_open(app: CaseroomApp) -> tuple[float, HistoryScreen]:
    """Push HistoryScreen and wait until the first page is in its table."""
    began = time.perf_counter()
    screen = HistoryScreen()
    await app.push_screen(screen)
    await until(lambda: screen.settled and screen._sequence > 0 and bool(screen.rows))
    return (time.perf_counter() - began) * 1000, screen


def filters_up(screen: HistoryScreen) -> bool:
    """True once all the drop-downs are mounted with their labels."""
    selects = screen.query(Select)
    mounted = bool(selects) and all(select.is_mounted for select in selects)
    return mounted and len(screen.query("SelectCurrent #label")) == len(selects)


async def time_change(screen: HistoryScreen, change: Callable[[], None]) -> float:
    """Change a filter and wait until the table shows the answer to that new query."""
    before = screen._sequence
    began = time.perf_counter()
    change()
    await until(lambda: screen._sequence > before and screen.settled)
    return (time.perf_counter() - began) * 1000


def set_select(screen: HistoryScreen, selector: str, value: object) -> Callable[[], None]:
    def change() -> None:
        screen.query_one(selector, Select).value = value

    return change


def set_text(screen: HistoryScreen, value: str) -> Callable[[], None]:
    def change() -> None:
        screen.query_one("#history-filter", Input).value = value

    return change


async def measure(app: CaseroomApp, runs: int) -> dict[str, list[float]]:
    """Every figure, `runs` times each, after one warm-up round."""
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
        figures["open"], screen = await time_open(app)
        # The drop-downs mount just after the first paint (Lazy): a person can only use
        # them once they are there, so filter timings start from that moment.
        await until(partial(filters_up, screen))
        await asyncio.sleep(0.05)
        kind = KINDS[round_ % len(KINDS)]
        figures["kind"] = await time_change(screen, set_select(screen, "#history-kind", kind))
        await time_change(screen, set_select(screen, "#history-kind", Select.NULL))
        figures["track"] = await time_change(
            screen, set_select(screen, "#history-track", TRACKS[0])
        )
        await time_change(screen, set_select(screen, "#history-track", Select.NULL))
        first_prompt = screen.query_one("#history-prompt", Select)._options[1][1]
        figures["prompt"] = await time_change(
            screen, set_select(screen, "#history-prompt", first_prompt)
        )
        await time_change(screen, set_select(screen, "#history-prompt", Select.NULL))
        figures["period"] = await time_change(screen, set_select(screen, "#history-period", 365))
        await time_change(screen, set_select(screen, "#history-period", Select.NULL))
        figures["status"] = await time_change(screen, set_select(screen, "#history-show", "all"))
        await time_change(screen, set_select(screen, "#history-show", "submitted"))
        word = TYPICAL if round_ % 2 else "zeugmatic"
        figures["text_total"] = await time_change(screen, set_text(screen, word))
        figures["text_query"] = figures["text_total"] - TEXT_DEBOUNCE_S * 1000
        app.pop_screen()
        # Each round starts from a quiet app: the last filter's count (it may scan every
        # match) must not be running while the next open is timed.
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.05)
        if round_ > 0:  # the first round warms caches and imports
            for key, value in figures.items():
                samples[key].append(value)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--db", type=Path, help="a database filled by an earlier run: kept, filled if missing"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        if not path.exists():
            store = Store.open(f"sqlite:///{path}")
            began = time.perf_counter()
            fill(store, args.attempts, random.Random(20260301))
            store.close()
            print(f"filled {args.attempts:,} attempts in {time.perf_counter() - began:.1f} s")
        config = AppConfig(
            content_dirs=[bundled_content_dir()], db_url=f"sqlite:///{path}", watch=False
        )
        app = CaseroomApp(config)
        result: dict[str, list[float]] = {}

        async def drive() -> None:
            async with app.run_test(size=(120, 36)) as pilot:
                await until(lambda: app.store_available and app.library_loaded)
                await pilot.pause()
                result.update(await measure(app, args.runs))

        asyncio.run(drive())

    base = statistics.median(result["baseline"])
    print(f"\nmedians over {args.runs} runs (ms), ratio against the trivial screen push")
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
    for key, label in labels.items():
        value = statistics.median(result[key])
        print(f"{label:52s} {value:8.1f}  {value / base:6.1f}x")


if __name__ == "__main__":
    main()
