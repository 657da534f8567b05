"""The database gate opens the store when first needed, from whichever thread needs it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tui.services.gate import StoreGate


def test_a_job_before_anyone_asked_tells_the_gate_to_open_and_runs_once_it_has(
    tmp_path: Path,
) -> None:
    """A writer's thread may be the first to need the store: `wanted` is told (the App
    opens it then) and the job waits for it, rather than for a timeout nobody would end."""
    url = f"sqlite:///{tmp_path / 'caseroom.db'}"
    asked = threading.Event()
    gate = StoreGate(wanted=asked.set)
    results: list[str] = []
    writer = threading.Thread(target=lambda: results.append(gate.run(lambda s: s.url)))
    writer.start()
    assert asked.wait(10), "the gate did not say the store was wanted"
    assert not gate.ready
    gate.open(url)
    writer.join(10)
    assert results and results[0].startswith("sqlite")


def test_once_open_a_job_runs_without_asking_again(tmp_path: Path) -> None:
    calls: list[int] = []
    gate = StoreGate(wanted=lambda: calls.append(1))
    gate.open(f"sqlite:///{tmp_path / 'caseroom.db'}")
    assert gate.run(lambda store: store.attempt_counts_by_track()) == {}
    assert calls == []


def test_opening_twice_gives_the_same_store(tmp_path: Path) -> None:
    """A test (or a second caller) may open it while the App's own opening is on its
    way: one store, never two connections racing for the same file."""
    gate = StoreGate()
    url = f"sqlite:///{tmp_path / 'caseroom.db'}"
    assert gate.open(url) is gate.open(url)


def test_jobs_before_the_opening_tell_the_gate_once(tmp_path: Path) -> None:
    """Every job waiting meanwhile waits for the same opening: `wanted` is told once."""
    told: list[int] = []
    gate = StoreGate(wanted=lambda: told.append(1))
    for _ in range(3):  # each gives up at once: nothing opens the store here
        with pytest.raises(RuntimeError):
            gate.run(lambda s: s.url, timeout=0)
    assert told == [1]
    gate.open(f"sqlite:///{tmp_path / 'caseroom.db'}")
    assert gate.run(lambda s: s.url).startswith("sqlite")
    assert told == [1]
