"""A cohort writing at once: 20 people autosaving every half second (issue 17).

    python bench/cohort_load.py [--writers 20] [--seconds 60] [--interval 0.5]

Each writer is a thread with its own Store (its own connections) and its own person: on
PostgreSQL its own LOGIN role in a database set up by `cohort init` (row-level security
on), on SQLite a person of one shared file. Each starts a draft and saves it on a fixed
half-second grid (a save that runs late does not push the next one back), growing its
text by a counter, then submits. Afterwards every attempt is read back: a write is lost
when the stored counter is not the last one saved. Prints writes per second, the median
and worst save latency, lost writes and errors, for PostgreSQL (a throwaway local server,
as the tests start one) beside SQLite, in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.core.model import Prompt, Scaffold, Step
from tui.core.records import AnswerProgress, StepDraft
from tui.store import Store

SCAFFOLD = Scaffold(id="six", title="Six", steps=tuple(Step(f"Step {n}") for n in range(6)))
PROMPT = Prompt(
    id="load", title="Load", track="pm", kind="case", scaffold="six", minutes=15, question="?"
)
PARAGRAPH = "We would first clarify the goal with the team, then size the market. " * 6


@dataclass
class Writer:
    """One person's autosave loop and what it saw."""

    person: str
    url: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    attempt_id: int | None = None
    last_saved: int = -1


@dataclass(frozen=True)
class LoadResult:
    backend: str
    writers: int
    seconds: float
    writes: int
    worst_ms: float
    median_ms: float
    lost: int
    errors: tuple[str, ...]

    @property
    def writes_per_second(self) -> float:
        return self.writes / self.seconds if self.seconds else 0.0


def progress(counter: int) -> AnswerProgress:
    """The draft after `counter` saves: every step holds text, the last one the counter."""
    steps = [StepDraft(n, f"Step {n}", PARAGRAPH, 10.0) for n in range(5)]
    steps.append(StepDraft(5, "Step 5", f"{PARAGRAPH} save {counter}", 10.0))
    return AnswerProgress(tuple(steps), elapsed_s=counter * 0.5, timer_state={"n": counter})


def autosave(writer: Writer, start: float, seconds: float, interval: float) -> None:
    """Save on a fixed grid from `start` for `seconds`, then submit."""
    try:
        with Store.open(writer.url, person=writer.person) as store:
            writer.attempt_id = store.start_attempt(PROMPT, SCAFFOLD, 900)
            tick = 0
            while (due := start + tick * interval) < start + seconds:
                time.sleep(max(0.0, due - time.perf_counter()))
                began = time.perf_counter()
                store.save_draft(writer.attempt_id, progress(tick))
                writer.latencies.append(time.perf_counter() - began)
                writer.last_saved = tick
                tick += 1
            store.submit(writer.attempt_id, progress(writer.last_saved))
    except Exception as exc:  # counted and printed: the load must show none
        writer.errors.append(f"{writer.person}: {exc!r}")


def lost_writes(writers: list[Writer]) -> int:
    """Writers whose stored draft is not the last one they saved."""
    lost = 0
    for writer in writers:
        if writer.attempt_id is None:
            lost += 1
            continue
        with Store.open(writer.url, person=writer.person) as store:
            detail = store.attempt(writer.attempt_id)
        if dict(detail.timer_state) != {"n": writer.last_saved} or detail.summary.status != (
            "submitted"
        ):
            lost += 1
    return lost


def run_load(
    backend: str, url_for: Callable[[str], str], people: list[str], seconds: float, interval: float
) -> LoadResult:
    """Every person autosaving at once; the counts, latencies and lost writes."""
    start = time.perf_counter() + 0.5  # everyone opens their store first
    writers = [Writer(person, url_for(person)) for person in people]
    threads = [
        threading.Thread(target=autosave, args=(w, start, seconds, interval)) for w in writers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = [lat for w in writers for lat in w.latencies] or [0.0]
    return LoadResult(
        backend=backend,
        writers=len(writers),
        seconds=seconds,
        writes=sum(len(w.latencies) for w in writers),
        worst_ms=max(latencies) * 1000,
        median_ms=statistics.median(latencies) * 1000,
        lost=lost_writes(writers),
        errors=tuple(e for w in writers for e in w.errors),
    )


def sqlite_load(folder: Path, people: list[str], seconds: float, interval: float) -> LoadResult:
    url = f"sqlite:///{folder / 'cohort.db'}"
    Store.open(url).close()  # the schema exists before the writers race to open it
    return run_load("sqlite", lambda _person: url, people, seconds, interval)


def postgres_load(
    server_url: Callable[[str, str], str],
    owner_url: str,
    people: list[str],
    seconds: float,
    interval: float,
) -> LoadResult:
    """On a database set up by `cohort init`, each writer connected as its own role."""
    from tui.store.cohort import add_member, init_cohort

    init_cohort(owner_url)
    for person in people:
        add_member(owner_url, person, "person")
    database = owner_url.rsplit("/", 1)[1]
    return run_load(
        "postgresql", lambda person: server_url(person, database), people, seconds, interval
    )


@contextmanager
def throwaway_database() -> Iterator[tuple[Callable[[str, str], str], str] | None]:
    """(url for a role and database, the owner's url of a new database), or None where the
    machine has no PostgreSQL server binaries."""
    from tests.postgres import server_bindir, throwaway_server

    bindir = server_bindir()
    if bindir is None:
        yield None
        return
    import sqlalchemy

    with throwaway_server(bindir) as server:
        admin = sqlalchemy.create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text("CREATE DATABASE cohort_load"))
        admin.dispose()
        yield server.url, server.url(database="cohort_load")


def report(results: list[LoadResult]) -> str:
    lines = [
        f"{'backend':<11}{'writers':>8}{'seconds':>9}{'writes':>8}{'writes/s':>10}"
        f"{'median ms':>11}{'worst ms':>10}{'lost':>6}{'errors':>8}"
    ]
    for r in results:
        lines.append(
            f"{r.backend:<11}{r.writers:>8}{r.seconds:>9.0f}{r.writes:>8}"
            f"{r.writes_per_second:>10.1f}{r.median_ms:>11.1f}{r.worst_ms:>10.1f}"
            f"{r.lost:>6}{len(r.errors):>8}"
        )
    for r in results:
        lines += [f"  {r.backend}: {error}" for error in r.errors[:5]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=0.5)
    args = parser.parse_args()
    tag = uuid.uuid4().hex[:6]
    people = [f"writer_{tag}_{n:02d}" for n in range(args.writers)]
    results = []
    with throwaway_database() as server:
        if server is None:
            print("no PostgreSQL server binaries (pg_config --bindir): SQLite only")
        else:
            results.append(postgres_load(*server, people, args.seconds, args.interval))
    with tempfile.TemporaryDirectory() as folder:
        results.append(sqlite_load(Path(folder), people, args.seconds, args.interval))
    print(report(results))
    return 0 if all(r.lost == 0 and not r.errors for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
