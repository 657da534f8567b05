"""How fast the content loader is on a big library. Prints figures; asserts nothing.

Generates 5,000 prompts (plus tracks, scaffolds and rounds) in a temporary folder and
measures, as the median of several runs:

- baseline: walking the folders and reading the raw bytes of every file;
- first load: `ContentIndex.load()` with no cache (parses everything, writes the cache);
- later start: a new `ContentIndex.load()` with a valid cache;
- one-file reload: `apply_changes([path])` after one prompt was edited.

Each figure is printed in ms and as a ratio to the baseline from the same run.
Targets (issue 12) on the development machine: first load < 600 ms, later start
< 100 ms, one-file reload < 15 ms.

    python bench/content_load.py [--prompts 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.library.loader import ContentIndex

TRACKS = 10
SCAFFOLD = """---
title: Scaffold {n}
steps:
  - title: Restate
    guidance: Say the goal back.
    share: 0.5
  - title: Decide
    guidance: Pick one and own it.
    share: 0.5
rubric:
  - Did you restate the goal?
  - Did you decide?
---
A two-step structure used by the benchmark.
"""
TRACK = """---
title: Track {n}
summary: A generated track for the benchmark.
order: {n}
---
An overview of the track.

## Glossary
- Retention — the share of members who stay.
- Guardrail metric: a number that must not get worse.
"""
PROMPT = """---
id: bench-{n}
title: Generated prompt number {n}
kind: case
scaffold: s{s}
minutes: 15
category: cat-{c}
level: [mid, senior]
tags: [bench, generated]
---
A large share of members cancel within two weeks of finishing a hit series (case {n}).
What would you do about it?

## Hints
- Which members? New sign-ups who joined for the show behave differently.
- Think about what they would watch next.

## Strong answer outline
1. Narrow: members who joined in the launch month of one series.
2. Segment: binge finishers versus slow watchers.
3. Metric: 30-day retention of that segment, guardrail on total watch time.

## Follow-ups
- Your metric moved but total watch time fell. Ship or not?
- What would you not build first, and why?
"""
ROUND = """---
title: Round {n}
track: t{n}
minutes: 45
per_question: 15
count: 3
---
A generated round.
"""


def generate(root: Path, prompts: int) -> list[Path]:
    """Write the library; return the prompt paths."""
    for n in range(3):
        path = root / "scaffolds" / f"s{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SCAFFOLD.format(n=n))
    for n in range(TRACKS):
        (root / "tracks" / f"t{n}").mkdir(parents=True)
        (root / "tracks" / f"t{n}" / "track.md").write_text(TRACK.format(n=n))
        (root / "rounds").mkdir(exist_ok=True)
        (root / "rounds" / f"r{n}.md").write_text(ROUND.format(n=n))
    paths = []
    for n in range(prompts):
        folder = root / "tracks" / f"t{n % TRACKS}" / f"cat-{n % 7}"
        folder.mkdir(exist_ok=True)
        path = folder / f"bench-{n}.md"
        path.write_text(PROMPT.format(n=n, s=n % 3, c=n % 7))
        paths.append(path)
    return paths


def read_all(root: Path) -> int:
    """The baseline: walk and read every file's bytes."""
    total = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            with open(os.path.join(folder, name), "rb") as handle:
                total += len(handle.read())
    return total


def median_ms(
    run: Callable[[], object], runs: int, setup: Callable[[], object] | None = None
) -> tuple[float, float]:
    """Median wall-clock ms and median CPU ms of this process (the CPU figure hardly
    moves when other processes load the machine; the wall figure does)."""
    walls, cpus = [], []
    for _ in range(runs):
        if setup is not None:
            setup()
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prompts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="caseroom-bench-"))
    try:
        root = work / "content"
        prompts = generate(root, args.prompts)
        cache = work / "cache" / "index.json"
        files = sum(len(names) for _d, _s, names in os.walk(root))

        baseline = median_ms(lambda: read_all(root), args.runs)

        # Each run's index is freed before the next run, outside the timed part: an app
        # starts once, and freeing the last run's 5,000 prompts is no part of a start.
        kept: list[object] = []
        # As the installed command loads (AppConfig.freeze_gc): what a load makes is put
        # out of the collector's reach, not walked by the first collection after it.
        freeze = {"freeze_gc": True}

        def first_load() -> None:
            index = ContentIndex([root], cache, **freeze)
            library = index.load()
            kept.append(index)
            assert len(library.prompts) == args.prompts, library.problems[:3]

        def fresh() -> None:
            kept.clear()
            cache.unlink(missing_ok=True)

        first = median_ms(first_load, args.runs, setup=fresh)

        def later_start() -> None:
            index = ContentIndex([root], cache, **freeze)
            library = index.load()
            kept.append(index)
            assert len(library.prompts) == args.prompts

        ContentIndex([root], cache).load()  # make sure the cache is valid
        later = median_ms(later_start, args.runs, setup=kept.clear)
        kept.clear()

        index = ContentIndex([root], cache, **freeze)
        index.load()
        target = prompts[len(prompts) // 2]
        original = target.read_text()
        edits = iter(range(1_000_000))

        def edit() -> None:
            target.write_text(original.replace("Generated prompt", f"Edited {next(edits)}"))

        def reload_one() -> None:
            library = index.apply_changes([target])
            assert library.prompts[target.stem].title.startswith("Edited")

        reload = median_ms(reload_one, max(args.runs, 15), setup=edit)

        print(f"library: {files} files ({args.prompts} prompts), median of {args.runs} runs")
        print(f"load average now: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        print(f"{'':<34}{'wall':>9}    {'ratio':>6}  {'cpu':>9}    {'ratio':>6}")
        row = f"{'baseline: read raw bytes':<34}{baseline[0]:9.1f} ms {1:6.1f}x"
        print(f"{row}  {baseline[1]:9.1f} ms {1:6.1f}x")
        for label, (wall, cpu), goal in (
            ("first load (no cache)", first, 600),
            ("later start (cache valid)", later, 100),
            ("one-file reload (apply_changes)", reload, 15),
        ):
            verdict = "ok" if wall < goal else "MISSED"
            print(
                f"{label:<34}{wall:9.1f} ms {wall / baseline[0]:6.1f}x"
                f"  {cpu:9.1f} ms {cpu / baseline[1]:6.1f}x"
                f"   target < {goal} ms (wall): {verdict}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
