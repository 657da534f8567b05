"""How a length of time is written: countdowns ("12:05", "-0:42") and time spent ("0:41").

Plain functions with no state, shared by the practice clock, exports and every screen that
shows a duration.
"""

from __future__ import annotations

import math


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
