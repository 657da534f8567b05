"""Helpers shared by the Pilot and snapshot tests."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea


async def settle(pilot: Pilot[Any]) -> None:
    """Let background loading, saving and queries finish, then let the screen repaint."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def store_of(app: Any) -> Any:
    """The app's open store (blocks until it is open; tests only)."""
    return app.gate.run(lambda store: store)


async def steady_picture(pilot: Pilot[Any]) -> None:
    """Workers done, debounced queries answered, no toasts, no blinking cursor.

    Snapshots must not depend on when a real-time timer happened to fire: toasts time out
    and cursors blink in real time.
    """
    await settle(pilot)
    for _ in range(200):  # screens with a debounced query say when they show its answer
        screen = pilot.app.screen
        if getattr(screen, "settled", True) and getattr(screen, "total_known", True):
            break
        await pilot.pause(0.01)
    await pilot.app.workers.wait_for_complete()
    for widget in pilot.app.screen.query("TextArea, Input"):
        if isinstance(widget, TextArea | Input):
            widget.cursor_blink = False
    pilot.app.clear_notifications()
    await asyncio.sleep(0.05)
    await pilot.pause()


async def type_burst(pilot: Pilot[Any], text: str) -> None:
    """Put `text` into the focused text box in one go, as a fast typist or a paste would.

    For setting a scene only: `pilot.press` costs ~75 ms a key (it waits for the process
    to go idle after each one), which made answer-then-review tests take 7-14 s each. Tests
    about typing itself (autosave, focus after ctrl+n, pause) keep pressing keys.
    """
    await pilot.pause()  # Widget.focus() takes effect on the next turn of the loop
    focused = pilot.app.focused
    if isinstance(focused, TextArea):
        focused.insert(text)
    elif isinstance(focused, Input):
        focused.insert_text_at_cursor(text)
    else:
        raise AssertionError(f"type_burst needs a focused text box, not {focused!r}")
    await pilot.pause()


async def submit_answer(pilot: Pilot[Any]) -> None:
    """ctrl+s on the practice screen, and confirm it if it asks (time still left)."""
    from screens.submit_early import SubmitEarlyScreen

    await pilot.press("ctrl+s")
    await pilot.pause()
    if isinstance(pilot.app.screen, SubmitEarlyScreen):
        await pilot.press("ctrl+s")
