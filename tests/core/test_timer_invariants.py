"""Property tests: PracticeTimer against a tick-by-tick model, for any sequence of operations.

The timer computes from clock readings at transitions; the model below integrates time one
clock move at a time and applies auto-advance and the hard stop as it goes. They are two
different algorithms, so agreement on per-step seconds is a real check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.timer import PracticeTimer
from tui.core.timer_view import TimerEvent

Op = tuple[str, float]


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Model:
    """The expected behaviour, written the slow, obvious way."""

    budgets: tuple[int, ...]
    limit_s: int
    auto_advance: bool
    hard_stop: bool
    seconds: list[float] = field(default_factory=list)
    current: int = 0
    started: bool = False
    paused: bool = False
    finished: bool = False

    def __post_init__(self) -> None:
        self.seconds = [0.0] * len(self.budgets)

    @property
    def running(self) -> bool:
        return self.started and not self.paused and not self.finished

    def settle(self) -> None:
        """Zero-time transitions: a timed step whose budget is spent moves on."""
        while self.running and self.auto_advance and self.current + 1 < len(self.budgets):
            if self.seconds[self.current] < self.budgets[self.current]:
                return
            self.current += 1

    def tick(self, dt: float) -> None:
        self.settle()
        while dt > 0 and self.running:
            chunk = dt
            if self.auto_advance and self.current + 1 < len(self.budgets):
                chunk = min(chunk, self.budgets[self.current] - self.seconds[self.current])
            if self.hard_stop:
                chunk = min(chunk, self.limit_s - sum(self.seconds))
            self.seconds[self.current] += chunk
            dt -= chunk
            if self.hard_stop and sum(self.seconds) >= self.limit_s:
                self.finished = True
            self.settle()

    def apply(self, name: str, arg: float) -> None:
        if name == "start" and not self.started:
            self.started = True
        elif name == "pause" and self.running:
            self.paused = True
        elif name == "resume" and self.started and not self.finished:
            self.paused = False
        elif name == "focus" and not self.finished:
            self.current = int(arg) % len(self.budgets)
        elif name == "advance" and not self.finished:
            if self.current + 1 < len(self.budgets):
                self.current += 1
        elif name == "finish":
            self.started, self.finished = True, True
        elif name == "restore" and self.started and not self.finished:
            self.paused = True
        self.settle()


ops = st.lists(
    st.one_of(
        st.tuples(st.just("tick"), st.integers(0, 800).map(lambda q: q / 4)),
        st.tuples(
            st.sampled_from(["start", "pause", "resume", "advance", "poll", "snapshot"]),
            st.just(0.0),
        ),
        st.tuples(st.just("focus"), st.integers(0, 10).map(float)),
        st.tuples(st.sampled_from(["restore", "finish"]), st.just(0.0)),
    ),
    max_size=40,
)
configs = st.tuples(
    st.lists(st.integers(1, 120), min_size=1, max_size=6),
    st.integers(1, 600),
    st.booleans(),
    st.booleans(),
)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


@settings(max_examples=400, deadline=None)
@given(configs, ops)
def test_timer_matches_the_model_and_keeps_its_invariants(
    config: tuple[list[int], int, bool, bool], sequence: list[Op]
) -> None:
    budgets, limit_s, auto_advance, hard_stop = config
    clock = FakeClock()
    timer = PracticeTimer(
        budgets, limit_s, clock=clock, auto_advance=auto_advance, hard_stop=hard_stop
    )
    model = Model(tuple(budgets), limit_s, auto_advance, hard_stop)
    events: list[TimerEvent] = []
    last_elapsed = 0.0

    for name, arg in sequence:
        if name == "tick":
            clock.now += arg
            model.tick(arg)
        elif name == "poll":
            events += timer.poll()
        elif name == "snapshot":
            timer.snapshot()
        elif name == "restore":
            events += timer.poll()  # undelivered events are not part of the saved state
            timer = PracticeTimer.from_state(timer.to_state(), budgets, limit_s, clock=clock)
            model.apply(name, arg)
        elif name == "focus":
            timer.focus_step(int(arg) % len(budgets))
            model.apply(name, arg)
        else:
            getattr(timer, name)()
            model.apply(name, arg)

        view = timer.snapshot()
        # The timer agrees with the model, step by step.
        assert all(close(a, b) for a, b in zip(view.step_seconds, model.seconds, strict=True))
        assert view.current_step == model.current
        assert (view.started, view.paused, view.finished) == (
            model.started,
            model.started and model.paused and not model.finished,
            model.finished,
        )
        # Time adds up and never runs backwards.
        assert view.elapsed_s == sum(view.step_seconds)
        assert close(view.remaining_s + view.elapsed_s - view.overtime_s, limit_s)
        assert view.remaining_s >= 0 and view.overtime_s >= 0
        assert view.elapsed_s >= last_elapsed
        last_elapsed = view.elapsed_s
        if hard_stop:
            assert view.overtime_s == 0
        if auto_advance:  # every timed step but the last stops at its budget
            pairs = zip(view.step_seconds[:-1], budgets[:-1], strict=True)
            assert all(s <= b + 1e-6 for s, b in pairs)

    events += timer.poll()
    # Every event is reported once at most.
    keys = [
        (e.kind, e.message, e.step if e.kind in ("over_budget", "advance") else 0) for e in events
    ]
    assert len(keys) == len(set(keys))
    # Every event reported happened within the time actually charged.
    assert all(e.at_s <= timer.snapshot().elapsed_s + 1e-6 for e in events)
