"""Two processes writing to one SQLite file at once: no lost write, no "database is locked".

TRAPS.md measured Python's default sqlite3 transactions losing ~19% of such writes; the
store's BEGIN IMMEDIATE must lose none.
"""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from pathlib import Path

from tui.core.model import Prompt, Scaffold, Step
from tui.core.records import AnswerProgress, HistoryQuery, StepDraft
from tui.store import Store

SCAFFOLD = Scaffold(id="s", title="S", steps=(Step("One"), Step("Two")))
PROMPT = Prompt(
    id="p", title="Shared", track="pm", kind="case", scaffold="s", minutes=10, question="?"
)
ROUNDS = 40


def writer(
    url: str, name: str, shared_attempt: int, start: multiprocessing.synchronize.Event
) -> None:
    """Runs in a spawned process: drafts, submits, and appends to one shared attempt."""
    start.wait(30)
    with Store.open(url) as store:
        for n in range(ROUNDS):
            attempt_id = store.start_attempt(PROMPT, SCAFFOLD, 600)
            for keystroke in range(3):
                store.save_draft(
                    attempt_id,
                    AnswerProgress(
                        (StepDraft(0, "One", f"{name}-{n}-{keystroke}"), StepDraft(1, "Two", name)),
                        elapsed_s=keystroke,
                        timer_state={"n": n},
                    ),
                )
            store.submit(
                attempt_id,
                AnswerProgress(
                    (StepDraft(0, "One", f"{name}-{n}-final"), StepDraft(1, "Two", name)),
                    elapsed_s=3,
                ),
            )
            store.add_followup_reply(shared_attempt, f"{name}?", f"{name}-{n}", 1.0)


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with Store.open(url) as store:
        shared = store.start_attempt(PROMPT, SCAFFOLD, 600, now=datetime(2026, 1, 1, tzinfo=UTC))
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    processes = [
        context.Process(target=writer, args=(url, name, shared, start))
        for name in ("left", "right")
    ]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(120)
    # A StoreError (locked, ...) in a child makes its exit code non-zero.
    assert [p.exitcode for p in processes] == [0, 0]

    with Store.open(url) as store:
        assert store.count_attempts(HistoryQuery()) == 2 * ROUNDS
        finals = set()
        for summary in store.attempts(HistoryQuery(limit=1000)):
            detail = store.attempt(summary.id)
            finals.add(detail.steps[0].text)
        expected = {f"{name}-{n}-final" for name in ("left", "right") for n in range(ROUNDS)}
        assert finals == expected
        replies = store.attempt(shared).followups
        assert sorted(r.text for r in replies) == sorted(
            f"{name}-{n}" for name in ("left", "right") for n in range(ROUNDS)
        )
