"""How a length of time is written: countdowns ("12:05", "-0:42") and time spent ("0:41").

Plain functions with no state, shared by the practice clock, exports and every screen that
shows a duration.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def format_clock(seconds: float) -> str:
    """Format a countdown: "12:05", "1:02:05" from an hour, "-0:42" for 42 s of overtime.

    The value shown is ceil(seconds), as countdowns do: 0.2 s left shows "0:01", so "0:00"
    appears exactly when time is up, and overtime starts at "-0:01" after one whole second.
    """
    whole = math.ceil(seconds)
    sign = "-" if whole < 0 else ""
    whole = abs(whole)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def format_elapsed(seconds: float) -> str:
    """Format time counting up (time spent, overtime): "0:41" for 41.9 s, "1:02:05".

    Counting up shows whole seconds completed, floor(seconds), the way a stopwatch does;
    use `format_clock` for countdowns. Negative values show as "0:00".
    """
    return format_clock(math.floor(max(0.0, seconds)))


def whole_seconds(seconds: float) -> int:
    """A time spent as the whole seconds a record keeps: rounded once, to the nearest."""
    return math.floor(max(0.0, seconds) + 0.5)


def figures_that_add_up(
    step_seconds: Sequence[float], elapsed_s: float, limit_s: int
) -> tuple[list[int], int, int]:
    """Whole seconds per step, the time used and the overtime, as shown together.

    When the steps account for the time used (the clock's own figures: elapsed is their
    sum), the total is rounded once and each step is rounded once, up or down, so that they
    add up to it (largest remainder: the steps closest to their next second go up). Steps
    that do not account for it (time outside any step in an old record) keep the total
    used, each step rounded on its own. Overtime is the shown total over the limit.
    """
    seconds = [max(0.0, s) for s in step_seconds]
    if seconds and abs(sum(seconds) - elapsed_s) < 1.0:
        total = whole_seconds(sum(seconds))
        shown = [math.floor(s) for s in seconds]
        short = total - sum(shown)  # 0 <= short < len(shown)
        closest = sorted(range(len(seconds)), key=lambda i: shown[i] - seconds[i])
        for i in closest[:short]:
            shown[i] += 1
    else:
        shown = [whole_seconds(s) for s in seconds]
        total = whole_seconds(elapsed_s)
    return shown, total, max(0, total - limit_s)
