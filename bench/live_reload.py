"""Live reload latency: from writing a prompt file to its new title in the prompts table.

Runs the real app headless (run_test) on a temp copy of tests/fixtures/app, opens the
demo track's prompts, then rewrites one prompt's title 20 times, polling the table every
millisecond. The baseline, measured in the same run on the same kind of writes, is raw
watchfiles (awatch debounce=50, step=10): write → batch yielded, without the app.

    /tmp/venv/bin/python bench/live_reload.py
Targets: median < 60 ms, worst < 150 ms.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

EDITS = 20
PROMPT = Path("tracks") / "demo" / "demo-case.md"
TITLE = "Faster picks for busy parents"


def report(name: str, samples: list[float]) -> None:
    ms = [s * 1000 for s in samples]
    print(f"{name:<34} median {statistics.median(ms):6.1f} ms   worst {max(ms):6.1f} ms")


async def raw_watchfiles(root: Path) -> list[float]:
    """Baseline: write → awatch yields the batch (debounce=50, step=10)."""
    from watchfiles import awatch

    path = root / PROMPT
    text = path.read_text()
    stop = asyncio.Event()
    arrived: asyncio.Queue[float] = asyncio.Queue()

    async def watch() -> None:
        async for _changes in awatch(root, debounce=50, step=10, stop_event=stop):
            arrived.put_nowait(time.perf_counter())

    task = asyncio.create_task(watch())
    await asyncio.sleep(0.3)
    samples = []
    for n in range(EDITS):
        start = time.perf_counter()
        path.write_text(text.replace(TITLE, f"Baseline title {n}"))
        samples.append(await arrived.get() - start)
        await asyncio.sleep(0.1)  # let each edit be its own batch
    stop.set()
    await task
    return samples


async def through_the_app(root: Path, db: Path) -> list[float]:
    """Write → the new title is a cell of the prompts table."""
    from textual.widgets import DataTable

    from screens.prompts import PromptsScreen
    from tui.app import AppConfig, CaseroomApp

    # With a disk cache, as the installed app runs: it is written again after live changes.
    config = AppConfig(
        content_dirs=[root],
        db_url=f"sqlite:///{db}",
        watch=True,
        cache_path=db.parent / "cache" / "content-index.bin",
    )
    app = CaseroomApp(config)
    path = root / PROMPT
    text = path.read_text()
    samples = []
    async with app.run_test(size=(120, 30)) as pilot:
        while not (app.library_loaded and app.live.started):
            await asyncio.sleep(0.01)
        await pilot.press("enter")
        while not isinstance(app.screen, PromptsScreen):
            await asyncio.sleep(0.01)
        table = app.screen.query_one("#prompts-table", DataTable)
        await asyncio.sleep(0.3)  # the OS watch is set up
        for n in range(EDITS):
            title = f"App title {n}"
            start = time.perf_counter()
            path.write_text(text.replace(TITLE, title))
            while not any(str(table.get_row_at(i)[0]) == title for i in range(table.row_count)):
                await asyncio.sleep(0.001)
            samples.append(time.perf_counter() - start)
            await asyncio.sleep(0.1)
    return samples


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        fixture = REPO / "tests" / "fixtures" / "app"
        shutil.copytree(fixture, base / "raw")
        shutil.copytree(fixture, base / "app")
        print(f"{EDITS} title edits of {PROMPT}")
        report("baseline: raw awatch 50/10", await raw_watchfiles(base / "raw"))
        report("app: write -> title in the table", await through_the_app(base / "app", base / "db"))
        print("targets: app median < 60 ms, worst < 150 ms")


if __name__ == "__main__":
    asyncio.run(main())
