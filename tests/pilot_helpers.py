"""Helpers shared by the Pilot and snapshot tests."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled


async def settle(pilot: Pilot[Any]) -> None:
    """Let background loading, saving and queries finish, then let the screen repaint.

    A finished worker's messages may start another (the library loads, then the store
    opens, then the screen queries it): wait again until a pause starts no new worker.
    This used to be three fixed rounds, which cost ~50 ms each when nothing was left.
    """
    for _ in range(20):
        # An exclusive worker replaced by a newer one (the previews drawn ahead) ends
        # cancelled: that is done, not a failure of the test.
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if all(worker.is_finished for worker in pilot.app.workers):
            return
    raise AssertionError("background work never settled")


def store_of(app: Any) -> Any:
    """The app's store, opened if nothing had needed it yet (blocks until it is open;
    tests only). The store opens after the first library load: settle before."""
    if not app.store_available:
        assert app.library_loaded, "store_of before the library loaded: settle first"
        app.want_store()  # the App's own opening (StoreReady and all) once the loop runs
        # Opened here at once: the App's worker cannot start while this blocks the loop,
        # and finds it open (the gate opens once).
        app.gate.open(app.config.db_url)
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
    with contextlib.suppress(WorkerCancelled):  # see settle
        await pilot.app.workers.wait_for_complete()
    await drafts_written_and_shown(pilot)
    await footer_drawn(pilot)
    for widget in pilot.app.screen.query("TextArea, Input"):
        if isinstance(widget, TextArea | Input):
            widget.cursor_blink = False
    await asyncio.sleep(0.05)
    await pilot.pause()
    # Last: a notice raised while the steps above waited (a timed part's "time is up",
    # posted by a tick just before its answer was submitted) would show in the picture.
    pilot.app.clear_notifications()
    await footer_drawn(pilot)
    await pilot.pause()


async def drafts_written_and_shown(pilot: Pilot[Any]) -> None:
    """Every draft offered so far is written, and each answering screen's clock bar says so.

    The bar is redrawn by a real-time tick (every 0.25 s): whether one happened to fire
    between the last write and the picture decided between "saved" and "saved 5s ago".
    Here the tick is run on purpose until nothing more is offered (it offers a draft that
    is due, then shows it saved), which is what the bar settles to in real time.
    """
    for _ in range(2):
        for screen in pilot.app.screen_stack:
            autosave = getattr(screen, "autosave", None)
            tick = getattr(screen, "tick", None)
            if autosave is None or tick is None:
                continue
            assert autosave.flush(60), "a draft was never written"
            tick()
    await pilot.pause()


async def footer_drawn(pilot: Pilot[Any]) -> None:
    """The footer has drawn its keys: it repaints after the screen's bindings change, a
    step that can still be pending when everything else has settled (seen once as a round
    summary snapshot without its key line, on a loaded machine)."""
    from screens.widgets.footer import SteadyFooter

    for _ in range(300):
        footers = list(pilot.app.screen.query(SteadyFooter))
        if all(footer.shown_keys() for footer in footers):
            return
        await pilot.pause(0.01)


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


async def palette_lists(pilot: Pilot[Any], text: str) -> None:
    """Wait until the open command palette's search is done and highlights `text`.

    The palette searches in a worker and fills its list in batches: Enter pressed before
    the list shows the match picks nothing, or an earlier hit.
    """
    from textual.command import CommandList, CommandPalette

    for _ in range(2000):
        screen = pilot.app.screen
        if isinstance(screen, CommandPalette):
            group = CommandPalette._GATHER_COMMANDS_GROUP
            searching = any(w.group == group and w.is_running for w in pilot.app.workers)
            options = screen.query_one(CommandList)
            index = options.highlighted or 0
            shown = options.option_count > index and str(options.get_option_at_index(index).prompt)
            if not searching and shown and text in shown:
                return
        await pilot.pause(0.01)
    raise AssertionError(f"the command palette never listed {text!r}")


async def submit_answer(pilot: Pilot[Any]) -> None:
    """ctrl+s on the practice screen, and confirm it if it asks (time still left)."""
    from screens.submit_early import SubmitEarlyScreen

    await pilot.press("ctrl+s")
    await pilot.pause()
    if isinstance(pilot.app.screen, SubmitEarlyScreen):
        await pilot.press("ctrl+s")
