"""A Footer that rebuilds its keys only when the keys it would show change.

Textual's Footer removes and mounts every key again on each focus change (twice: the
`focused` watcher and an after-refresh call both signal "bindings changed"), even when
the same keys come back. On history that was four rebuilds while the screen opens and its
filters mount, 30-100 ms each on a loaded machine (styles applied to ~15 new widgets),
all on the UI thread while rows and filter answers wait (bench/history_screen.py).

Each key is also made in the footer's own style. Textual's FooterKey starts compact and is
then bound to the footer's setting, so every key flipped its "-compact" class as it mounted,
and each flip restyled that key at once: 20-60 ms for a screen's keys, the largest task on
the UI thread after the first frame (bench/startup.py).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.dom import NoScreen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    """Footer, skipping a rebuild that would show what is already shown."""

    _shown: tuple[Any, ...] | None = None

    def _what_it_shows(self) -> tuple[Any, ...]:
        """Everything Footer.compose reads: the shown bindings, how they are enabled and
        displayed, and the footer's own options."""
        bindings = tuple(
            (
                binding.key,
                self.app.get_key_display(binding),
                binding.action,
                binding.description,
                binding.group,
                enabled,
                tooltip,
            )
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return (self._bindings_ready, self.compact, self.show_command_palette, bindings)

    async def recompose(self) -> None:
        try:
            shown = self._what_it_shows()
        except NoScreen:  # its screen is closing: nothing left to show keys for
            return
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # What the binding to the footer's `compact` would set, set before it mounts
                # (the palette's key is not bound: it stays compact), and the class that
                # goes with it: mounting then changes nothing and the key is styled once.
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
