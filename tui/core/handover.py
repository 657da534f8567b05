"""When a timed-story part's time is up while a sentence is being typed.

A timed part moves on by itself at its exact instant (tui.core.timer), but the cursor does
not jump in the middle of a sentence: the move waits until the sentence ends (a full stop,
question or exclamation mark, or a new line), the typing stops, or SENTENCE_GRACE_S has
passed, whichever comes first. Those few seconds are already the next part's time on the
clock; only the cursor waits, so no word is split and no half sentence lands in the
next part.
"""

from __future__ import annotations

#: The longest the cursor waits for a sentence to end after its part's time is up.
SENTENCE_GRACE_S = 5.0
#: Typing counts as "being typed" if a key came this recently.
STILL_TYPING_S = 1.5
#: The last seconds of a timed part are marked on the clock bar (and warned, with the bell
#: if it is on).
PART_ENDING_S = 10

SENTENCE_ENDS = ".!?…"


def sentence_open(text_before_cursor: str) -> bool:
    """True if the text before the cursor ends inside a sentence (or inside a word)."""
    if not text_before_cursor.strip() or text_before_cursor.endswith("\n"):
        return False
    return text_before_cursor.rstrip()[-1] not in SENTENCE_ENDS


def hold_the_cursor(text_before_cursor: str, *, since_due_s: float, since_typed_s: float) -> bool:
    """Whether the cursor should stay in the part whose time is up, for now."""
    return (
        since_due_s < SENTENCE_GRACE_S
        and since_typed_s < STILL_TYPING_S
        and sentence_open(text_before_cursor)
    )
