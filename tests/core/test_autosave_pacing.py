"""SavePacing's two bounds come from config.toml's [practice] (defaults otherwise)."""

from __future__ import annotations

from tui.core.autosave import MAX_UNSAVED, QUIET_BEFORE_SAVE, SavePacing


def test_the_default_pace() -> None:
    pacing = SavePacing()
    assert (pacing.quiet_s, pacing.max_s) == (QUIET_BEFORE_SAVE, MAX_UNSAVED)


def test_a_slower_pace_waits_longer_for_a_pause_and_between_offers() -> None:
    pacing = SavePacing(quiet_s=1.0, max_s=2.0)
    pacing.offered(0.0)
    pacing.changed(0.5)
    assert not pacing.due(1.2)  # 0.7 s quiet: not yet
    assert pacing.due(1.5)  # 1.0 s quiet
    pacing.offered(1.5)
    for now in (1.6, 2.2, 2.8, 3.4):  # typing on without a pause
        pacing.changed(now)
        assert not pacing.due(now)
    pacing.changed(3.5)
    assert pacing.due(3.5)  # 2.0 s since the last offer
