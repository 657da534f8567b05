"""The practice clock: a countdown for the whole prompt and a budget for each step.

`PracticeTimer` is plain Python with an injectable clock, so every behaviour is tested with a
fake clock and no terminal. The screen calls `poll()` a few times a second for events and
`snapshot()` for what to draw.

How time is kept
----------------
The timer never counts ticks. It stores clock readings only at transitions (start, pause,
resume, a step change) and the seconds already closed per step; everything shown is computed
from `clock()` at the moment it is asked. A late call (the app was suspended, the event loop
was busy) therefore shows the right time and never drifts.

The time of a step is the time that step was current and the timer was running. Pauses are
excluded. Elapsed time is, by definition, the sum of the per-step times.

Automatic transitions (auto-advance and hard stop)
--------------------------------------------------
Transitions that the clock causes by itself — a timed step moving on when its budget is used
up, the hard stop at the limit — are applied at their exact instants, computed from the
clock readings. (The last timed step has no next step: it runs on into overtime.) Every
public method first "catches up": it applies every such transition that is due by now, in
time order, with exact amounts. So
`snapshot()` and `poll()` agree whichever runs first, and a poll ten minutes late performs
several advances at once with the same per-step times as if it had been on time. Events are
queued during catch-up and handed out only by `poll()`.

Default clock: `time.monotonic`. On Linux it does not advance while the machine sleeps, so a
laptop lid closed mid-answer is not charged; a Ctrl+Z suspend of the app is charged (the
clock keeps running), and the display is right as soon as the app is back.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tui.core.timer_view import (
    EventKind,
    TimerEvent,
    TimerView,
    pace_for,
    schedule_lag,
    warning_message,
)

#: An event that happened more than this many clock seconds before the poll that delivers
#: it is "stale" (the app was away): it is still reported, but without the bell, so coming
#: back from a suspend does not ring a burst of bells.
STALE_AFTER_S = 2.0

STATE_VERSION = 1


@dataclass(frozen=True)
class _Pending:
    """An event found during catch-up, waiting for the next poll."""

    kind: EventKind
    message: str
    step: int
    at_s: float
    clock_at: float


@dataclass(frozen=True)
class _Moment:
    """A point in the attempt: a clock reading and the elapsed time at that reading."""

    clock: float
    elapsed: float

    def back_to(self, elapsed: float) -> _Moment:
        """The earlier moment at which elapsed was `elapsed` (time ran in between)."""
        return _Moment(clock=self.clock - (self.elapsed - elapsed), elapsed=elapsed)


class PracticeTimer:
    """The clock of one attempt: overall limit, per-step budgets, pace, warnings, overtime.

    Arguments:
        budgets: seconds per step, in scaffold order (at least one step, none negative).
        limit_s: the time limit of the whole prompt, in seconds (> 0).
        clock: a monotonic clock in seconds; tests pass a fake.
        auto_advance: timed scaffolds: a step moves on by itself when its own time reaches
            its budget. The last step has nowhere to go: it keeps running into overtime,
            like any answer, until the person submits (or the hard stop ends it).
        warn_at: marks, in seconds left, at which a "warning" event fires once. Marks not
            below the limit are ignored (a 2-minute warning means nothing in a 1-minute
            answer).
        hard_stop: the timer finishes at the limit; otherwise overtime accrues.
        part_warning_s: timed parts: a "warning" event this many seconds before a part moves
            on by itself (0: none). The practice screen uses handover.PART_ENDING_S.

    Life cycle: created idle; `start()` runs it; `pause()`/`resume()`; `finish()` when the
    person submits. Once finished, the clock is frozen and every call is a no-op.
    """

    def __init__(
        self,
        budgets: Sequence[int],
        limit_s: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        auto_advance: bool = False,
        warn_at: Sequence[int] = (120, 30),
        hard_stop: bool = False,
        part_warning_s: int = 0,
    ) -> None:
        if not budgets:
            raise ValueError("a timer needs at least one step")
        if any(b < 0 for b in budgets):
            raise ValueError("step budgets cannot be negative")
        if limit_s <= 0:
            raise ValueError("the time limit must be positive")
        self.budgets: tuple[int, ...] = tuple(budgets)
        self.limit_s = limit_s
        self.auto_advance = auto_advance
        self._hard_stop = hard_stop
        self.part_warning_s = part_warning_s
        self.warn_at: tuple[int, ...] = tuple(sorted({w for w in warn_at if 0 < w < limit_s}))
        self._clock = clock
        # Seconds closed per step: time from segments that have ended.
        self._closed: list[float] = [0.0] * len(self.budgets)
        self._current = 0
        self._started = False
        self._finished = False
        # Clock reading when the running segment began; None while idle, paused or finished.
        self._segment_start: float | None = None
        # Clock reading when time last stopped being charged (pause, finish, hard stop).
        self._stopped_at = 0.0
        # Keys of events already found ("warn:30", "time_up", "over:2", ...), so each fires once.
        self._fired: set[str] = set()
        self._pending: list[_Pending] = []

    # -- transitions ---------------------------------------------------------------------

    def start(self) -> None:
        """Start the clock. Calling it again does nothing."""
        if self._started:
            return
        self._started = True
        self._segment_start = self._clock()

    def pause(self) -> None:
        """Stop charging time until `resume()`."""
        now = self._clock()
        self._catch_up(now)
        if self._segment_start is not None:
            self._close_segment(now)

    def resume(self) -> None:
        """Charge time again after `pause()` (or after `from_state`, which starts paused)."""
        if self._started and not self._finished and self._segment_start is None:
            self._segment_start = self._clock()

    @property
    def hard_stop(self) -> bool:
        """Whether the answer ends at the limit (else overtime accrues)."""
        return self._hard_stop

    @hard_stop.setter
    def hard_stop(self, on: bool) -> None:
        """Choose the hard stop from now on. Time already spent is never rewritten: the
        transitions due so far are applied under the old choice first, and a hard stop
        chosen in overtime ends the answer now, with its overtime kept."""
        now = self._clock()
        self._catch_up(now)
        self._hard_stop = on
        if on and not self._finished and self._started:
            elapsed = sum(self._step_seconds(now))
            if elapsed >= self.limit_s:
                if self._segment_start is not None:
                    self._close_segment(now)
                self._end(_Moment(clock=now, elapsed=elapsed), "Hard stop: the answer is over")

    @property
    def paused(self) -> bool:
        """True while started, not finished, and not running."""
        return self._started and not self._finished and self._segment_start is None

    @property
    def started(self) -> bool:
        """True once `start()` was called (or a started attempt was restored)."""
        return self._started

    @property
    def finished(self) -> bool:
        """True after the hard stop or `finish()`."""
        self._catch_up(self._clock())
        return self._finished

    @property
    def current_step(self) -> int:
        """The step time is charged to now."""
        self._catch_up(self._clock())
        return self._current

    def focus_step(self, index: int) -> None:
        """The cursor moved to step `index`: charge time from now on to that step.

        Time so far goes to the step that was current. Works while idle or paused too (no
        time is charged then). With auto_advance, focusing a step whose budget is used up
        moves on again at once, because its time is up.
        """
        if not 0 <= index < len(self.budgets):
            raise IndexError(f"step {index} out of range 0..{len(self.budgets) - 1}")
        now = self._clock()
        self._catch_up(now)
        if self._finished or index == self._current:
            return
        if self._segment_start is not None:
            self._close_segment(now)
            self._segment_start = now
        self._current = index
        self._catch_up(now)

    def advance(self) -> bool:
        """Move to the next step (the advance key). Returns True if anything changed.

        On the last step nothing changes (timed or not): the person ends an answer by
        submitting, and the clock runs on into overtime unless the hard stop was chosen.
        """
        now = self._clock()
        self._catch_up(now)
        if self._finished:
            return False
        if self._current + 1 < len(self.budgets):
            self.focus_step(self._current + 1)
            return True
        return False

    def finish(self) -> None:
        """End the attempt now (the person submitted); the clock freezes."""
        now = self._clock()
        self._catch_up(now)
        if self._finished:
            return
        if self._segment_start is not None:
            self._close_segment(now)
        self._started = True
        self._finished = True

    # -- reading ---------------------------------------------------------------------------

    def snapshot(self) -> TimerView:
        """What to draw now. Applies any due automatic transitions first (see module doc)."""
        now = self._clock()
        self._catch_up(now)
        step_seconds = self._step_seconds(now)
        elapsed = sum(step_seconds)
        step = self._current
        step_elapsed = step_seconds[step]
        budget = self.budgets[step]
        return TimerView(
            elapsed_s=elapsed,
            remaining_s=max(0.0, self.limit_s - elapsed),
            overtime_s=max(0.0, elapsed - self.limit_s),
            current_step=step,
            step_elapsed_s=step_elapsed,
            step_budget_s=budget,
            step_remaining_s=max(0.0, budget - step_elapsed),
            step_overtime_s=max(0.0, step_elapsed - budget),
            pace=pace_for(self.budgets, step, elapsed, step_elapsed),
            step_seconds=tuple(step_seconds),
            started=self._started,
            paused=self.paused,
            finished=self._finished,
            lag_s=schedule_lag(self.budgets, step, elapsed, step_elapsed),
        )

    def poll(self) -> list[TimerEvent]:
        """Events that happened since the last poll, each exactly once, oldest first."""
        now = self._clock()
        self._catch_up(now)
        pending = sorted(self._pending, key=lambda p: p.at_s)  # stable: same-instant order kept
        self._pending = []
        return [
            TimerEvent(
                kind=p.kind,
                message=p.message,
                step=p.step,
                at_s=p.at_s,
                bell=now - p.clock_at <= STALE_AFTER_S,
            )
            for p in pending
        ]

    # -- persistence -------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """A JSON-safe picture for autosave; undelivered events are not kept."""
        now = self._clock()
        self._catch_up(now)
        step_seconds = self._step_seconds(now)
        return {
            "version": STATE_VERSION,
            "step_seconds": step_seconds,
            "current_step": self._current,
            "started": self._started,
            "finished": self._finished,
            "fired": sorted(self._fired),
            "auto_advance": self.auto_advance,
            "hard_stop": self.hard_stop,
            "warn_at": list(self.warn_at),
            "part_warning_s": self.part_warning_s,
        }

    @classmethod
    def from_state(
        cls,
        state: Mapping[str, Any],
        budgets: Sequence[int],
        limit_s: int,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> PracticeTimer:
        """Rebuild a timer from `to_state()`, to resume an unfinished attempt.

        Budgets and limit come from the content as it is now; the options (auto_advance,
        hard_stop, warn_at) are the attempt's own and come from the state. A started,
        unfinished attempt comes back paused, so the time the app was closed is not charged;
        call `resume()` when the person is ready.

        If the scaffold changed meanwhile, per-step times are fitted to the new step count:
        seconds of steps that no longer exist go to the last step (elapsed is kept), new
        steps start at 0, and the current step is clamped. A malformed state raises
        ValueError.
        """
        try:
            seconds = [float(s) for s in state["step_seconds"]]
            current = int(state["current_step"])
            started = bool(state["started"])
            finished = bool(state["finished"])
            fired = {str(k) for k in state.get("fired", [])}
            timer = cls(
                budgets,
                limit_s,
                clock=clock,
                auto_advance=bool(state.get("auto_advance", False)),
                warn_at=[int(w) for w in state.get("warn_at", (120, 30))],
                hard_stop=bool(state.get("hard_stop", False)),
                part_warning_s=int(state.get("part_warning_s", 0)),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"timer state is malformed: {exc!r}") from exc
        if any(not math.isfinite(s) or s < 0 for s in seconds):
            raise ValueError("timer state has an invalid step time")
        n = len(timer.budgets)
        fitted = seconds[:n] + [0.0] * (n - len(seconds))
        if len(seconds) > n:
            fitted[-1] += sum(seconds[n:])
        timer._closed = fitted
        timer._current = min(max(current, 0), n - 1)
        timer._started = started or finished
        timer._finished = finished
        timer._fired = fired
        timer._stopped_at = clock()
        return timer

    # -- internals ---------------------------------------------------------------------------

    def _live(self, now: float) -> float:
        """Seconds of the running segment not yet closed (0 unless running)."""
        if self._segment_start is None:
            return 0.0
        return max(0.0, now - self._segment_start)

    def _step_seconds(self, now: float) -> list[float]:
        """Seconds per step at `now`: the closed ones plus the running segment's."""
        step_seconds = list(self._closed)
        step_seconds[self._current] += self._live(now)
        return step_seconds

    def _close_segment(self, now: float) -> None:
        """End the running segment at `now`, charging its time to the current step."""
        self._closed[self._current] += self._live(now)
        self._segment_start = None
        self._stopped_at = now

    def _catch_up(self, now: float) -> None:
        """Apply every automatic transition due by `now` at its exact instant, in time
        order, then queue the threshold events (warnings, time up, overrun) crossed by now."""
        while self._segment_start is not None:
            step = self._current
            closed_total = sum(self._closed)
            # Seconds from the segment start to each automatic transition. Exact amounts
            # (not instants re-read from the clock) keep per-step times exact.
            until_stop = self.limit_s - closed_total if self._hard_stop else math.inf
            # The last timed step has no next step: it runs on into overtime.
            last = step + 1 == len(self.budgets)
            until_advance = (
                self.budgets[step] - self._closed[step]
                if self.auto_advance and not last
                else math.inf
            )
            due = max(0.0, min(until_stop, until_advance))
            if due > now - self._segment_start:
                break
            self._closed[step] += due
            self._segment_start += due
            instant = _Moment(clock=self._segment_start, elapsed=closed_total + due)
            # Threshold events crossed up to this instant come before the transition's own.
            self._note_thresholds(instant)
            self._note_part_ending(instant)
            self._note_overrun(instant)
            if until_stop <= until_advance:
                self._end(instant, "Hard stop: the answer is over")
            else:
                self._current = step + 1
                message = f"Step {step + 1} time is up: on to step {step + 2}"
                self._queue(f"advance:{step + 1}", "advance", message, step + 1, instant)
        frontier = self._frontier(now)
        self._note_thresholds(frontier)
        self._note_part_ending(frontier)
        self._note_overrun(frontier)

    def _frontier(self, now: float) -> _Moment:
        """The latest moment time was charged: now if running, else when it stopped."""
        elapsed = sum(self._closed) + self._live(now)
        if self._segment_start is not None:
            return _Moment(clock=now, elapsed=elapsed)
        return _Moment(clock=self._stopped_at, elapsed=elapsed)

    def _end(self, instant: _Moment, message: str) -> None:
        """The hard stop's automatic end at `instant`."""
        self._segment_start = None
        self._stopped_at = instant.clock
        self._finished = True
        self._queue("finished", "finished", message, self._current, instant)

    def _note_thresholds(self, seen: _Moment) -> None:
        """Queue the warnings and time up crossed by the moment `seen`, each once."""
        for mark in sorted(self.warn_at, reverse=True):
            at_s = float(self.limit_s - mark)
            if seen.elapsed >= at_s:
                self._queue(
                    f"warn:{mark}",
                    "warning",
                    warning_message(mark),
                    self._current,
                    seen.back_to(at_s),
                )
        if seen.elapsed >= self.limit_s:
            message = "Time is up" if self.hard_stop else "Time is up: overtime is counted"
            self._queue(
                "time_up", "time_up", message, self._current, seen.back_to(float(self.limit_s))
            )

    def _note_part_ending(self, seen: _Moment) -> None:
        """Timed parts: queue "N seconds left in this part" once, part_warning_s before a
        part (not the last, which runs into overtime) moves on by itself."""
        step = self._current
        budget, warn = self.budgets[step], self.part_warning_s
        if not (self.auto_advance and warn) or step + 1 == len(self.budgets) or budget <= warn:
            return
        step_elapsed = self._closed[step] + (seen.elapsed - sum(self._closed))
        mark = budget - warn
        if step_elapsed >= mark:
            message = f"{warn} seconds left in this part"
            at = seen.back_to(seen.elapsed - (step_elapsed - mark))
            self._queue(f"part_end:{step}", "warning", message, step, at)

    def _note_overrun(self, seen: _Moment) -> None:
        """Queue "over budget" the first time the current step's time passes its budget.

        Only the current step accrues time and every step change catches up first, so an
        overrun not yet noted happened in the running segment, (step time - budget) ago.
        Timed steps are not reported: a step's time running out is an advance instead, and
        the last step running on is the answer's overtime ("time_up" at the limit).
        """
        step = self._current
        over = self._closed[step] + (seen.elapsed - sum(self._closed)) - self.budgets[step]
        if self.auto_advance or over <= 0:
            return
        message = f"Step {step + 1} is over its budget"
        self._queue(f"over:{step}", "over_budget", message, step, seen.back_to(seen.elapsed - over))

    def _queue(self, key: str, kind: EventKind, message: str, step: int, when: _Moment) -> None:
        """Queue an event for the next poll unless an event with `key` already fired."""
        if key in self._fired:
            return
        self._fired.add(key)
        self._pending.append(_Pending(kind, message, step, when.elapsed, when.clock))
