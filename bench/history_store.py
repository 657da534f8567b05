"""History at scale: 100,000 submitted attempts, then time the queries the screens run.

    python bench/history_store.py [--attempts 100000] [--runs 15]


Fills a temporary SQLite file through the real schema (indexes, full-text triggers) with
submitted attempts of 5 steps each (answers of ~300-1,200 characters), then prints the
median time of: a trivial query and `SELECT count(*)` (the baselines, measured in the same
run), the first history page (500 rows, newest first), filtered pages (track + text, with
a common and a rare word) and their counts, and a 2 KB `save_draft`. Ratios are against the
count(*) baseline. Screen targets: first rows < 200 ms, filter < 100 ms (queries included).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text

from tui.core.model import Prompt, Scaffold, Step
from tui.core.records import AnswerProgress, HistoryQuery, StepDraft
from tui.store import Store
from tui.store.schema import table

TRACKS = ("product-manager", "content-producer", "engineering-leadership", "people-leadership")
KINDS = ("case", "behavioral", "design")
RARE = "zeugmatic"  # planted in ~0.1% of steps
TOPIC = (
    "the a to of and in for on with we I our users team metric retention churn pricing "
    "growth launch member households parents kids profile recommendation ranking signal "
    "experiment hypothesis cohort funnel activation engagement latency budget talent "
    "production schedule slate greenlight audience market region Brazil India Korea "
    "stakeholder tradeoff priority roadmap goal because therefore however first second "
    "then finally measure success risk mitigation feedback conflict decision outcome "
)
COMMON = "the"  # rank 0: in nearly every step, the worst case for a search
TYPICAL = "retention"  # rank ~300: in ~5% of steps, ~20% of attempts


def vocabulary(rng: random.Random) -> list[str]:
    """~3,000 words ranked for a Zipf draw: topic words spread among made-up filler words."""
    syllables = ["ka", "lo", "mi", "ren", "tus", "var", "pe", "do", "sil", "qua", "nor", "bi"]
    filler = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(4000)})
    rng.shuffle(filler)
    words = filler[:3000]
    for rank, word in enumerate(TOPIC.split()):
        words.insert(rank * 10, word)  # "the" at 0, "retention" at 150, ...
    words.remove(TYPICAL)
    words.insert(300, TYPICAL)
    return words


def paragraphs(rng: random.Random, count: int) -> list[str]:
    """`count` distinct answer texts of ~300-1,200 characters, Zipf-distributed words."""
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    out = []
    for _ in range(count):
        chosen = rng.choices(words, weights, k=rng.randint(50, 200))
        out.append(" ".join(chosen).capitalize() + ".")
    return out


def fill(store: Store, attempts: int, rng: random.Random) -> None:
    """Bulk-insert submitted attempts with 5 steps each, in batches, through Core."""
    texts = paragraphs(rng, 4000)
    attempt_t, step_t = table("attempt"), table("step_answer")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    batch = 5000
    with store.engine.begin() as conn:
        for first in range(0, attempts, batch):
            rows = []
            for n in range(first, min(first + batch, attempts)):
                when = start + timedelta(minutes=17 * n)
                rows.append(
                    {
                        "id": n + 1,
                        "prompt_id": f"prompt-{n % 300}",
                        "prompt_title": f"Prompt number {n % 300} about {TRACKS[n % len(TRACKS)]}",
                        "track_id": TRACKS[n % len(TRACKS)],
                        "kind": KINDS[n % len(KINDS)],
                        "scaffold_id": "six-step",
                        "started_at": when,
                        "updated_at": when + timedelta(minutes=15),
                        "submitted_at": when + timedelta(minutes=15),
                        "status": "submitted",
                        "time_limit_s": 900,
                        "elapsed_s": 880.0,
                        "overtime_s": 0.0,
                        "timer_state": '{"step": 4, "paused": false}',
                    }
                )
            conn.execute(insert(attempt_t), rows)
            steps = []
            for row in rows:
                for index in range(5):
                    body = rng.choice(texts)
                    if rng.random() < 0.001:
                        body += f" {RARE}"
                    steps.append(
                        {
                            "attempt_id": row["id"],
                            "step_index": index,
                            "step_title": f"Step {index + 1}",
                            "text": body,
                            "seconds": 120.0,
                        }
                    )
            conn.execute(insert(step_t), steps)


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm the page cache and the statement cache
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(20260301)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        store = Store.open(f"sqlite:///{path}")
        began = time.perf_counter()
        fill(store, args.attempts, rng)
        fill_s = time.perf_counter() - began
        size_mb = path.stat().st_size / 1e6
        print(f"filled {args.attempts:,} attempts x 5 steps in {fill_s:.1f} s ({size_mb:.0f} MB)")

        def scalar(sql: str) -> Callable[[], object]:
            def run() -> object:
                with store.engine.connect() as conn:
                    return conn.execute(text(sql)).scalar()

            return run

        prompt = Prompt(
            id="bench",
            title="Bench",
            track=TRACKS[0],
            kind="case",
            scaffold="six-step",
            minutes=15,
            question="?",
        )
        scaffold = Scaffold(
            id="six-step", title="Six", steps=tuple(Step(f"S{i}") for i in range(5))
        )
        draft_id = store.start_attempt(prompt, scaffold, 900)
        two_kb = [StepDraft(i, f"S{i}", ("word " * 82)[:410]) for i in range(5)]  # 5 x 410 B
        flip = [0]

        def save_draft() -> None:
            flip[0] += 1  # change one character so every save really rewrites text
            steps = [*two_kb[:-1], StepDraft(4, "S4", two_kb[-1].text[:-1] + str(flip[0] % 10))]
            store.save_draft(draft_id, AnswerProgress(tuple(steps), elapsed_s=flip[0]))

        track = TRACKS[1]
        cases: list[tuple[str, Callable[[], object]]] = [
            ("SELECT 1 (trivial)", scalar("SELECT 1")),
            ("SELECT count(*) FROM attempt", scalar("SELECT count(*) FROM attempt")),
            ("first page: 500 newest", lambda: store.attempts(HistoryQuery(limit=500))),
            ("count: all submitted", lambda: store.count_attempts(HistoryQuery())),
            (
                "filter: track + typical word",
                lambda: store.attempts(HistoryQuery(track_id=track, text=TYPICAL)),
            ),
            (
                "filter: track + most common word",
                lambda: store.attempts(HistoryQuery(track_id=track, text=COMMON)),
            ),
            (
                "filter: track + rare word",
                lambda: store.attempts(HistoryQuery(track_id=track, text=RARE)),
            ),
            (
                "filter: track + title words",
                lambda: store.attempts(HistoryQuery(track_id=track, text="number 42 ")),
            ),
            (
                "count: track + typical word",
                lambda: store.count_attempts(HistoryQuery(track_id=track, text=TYPICAL)),
            ),
            (
                "count: track + most common word",
                lambda: store.count_attempts(HistoryQuery(track_id=track, text=COMMON)),
            ),
            (
                "count: track + rare word",
                lambda: store.count_attempts(HistoryQuery(track_id=track, text=RARE)),
            ),
            ("page 100 (offset 49,500)", lambda: store.attempts(HistoryQuery(offset=49_500))),
            ("save_draft 2 KB (5 steps)", save_draft),
        ]
        results = [(name, median_ms(action, args.runs)) for name, action in cases]
        baseline = results[1][1]
        print(f"median of {args.runs} runs; ratio = time / count(*) baseline")
        for name, ms in results:
            print(f"  {name:34s} {ms:9.2f} ms   x{ms / baseline:7.2f}")
        rare = store.count_attempts(HistoryQuery(track_id=track, text=RARE))
        typical = store.count_attempts(HistoryQuery(track_id=track, text=TYPICAL))
        common = store.count_attempts(HistoryQuery(track_id=track, text=COMMON))
        in_track = store.count_attempts(HistoryQuery(track_id=track))
        print(
            f"  (attempts in the track {in_track}; matching: rare {rare}, typical {typical}, "
            f"most common {common})"
        )
        store.close()


if __name__ == "__main__":
    main()
