"""kill -9 the installed app while typing: the database stays sound and loses ~a second at most.

The fast version of bench/kill9.py (3 runs instead of 50): same harness, real terminal.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "kill9.py"
RATE = 10.0  # characters a second
# Autosave offers a draft at least every 1 s while typing; allow half a second more for
# the tick, the write and keys still inside tmux, plus two characters of rounding.
MAX_LOST_CHARS = int(1.5 * RATE) + 2


def load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_kill9", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


harness = load_harness()

pytestmark = [
    pytest.mark.skipif(
        shutil.which("tmux") is None or not harness.CASEROOM.exists(),
        reason="needs tmux and the installed caseroom command",
    ),
    # It measures loss against real time: one at a time, with the other terminal tests.
    pytest.mark.xdist_group("terminal"),
]


@pytest.mark.parametrize("kill_after", [1.4, 2.3, 3.2])
def test_kill9_while_typing_keeps_a_sound_database_and_nearly_all_text(kill_after: float) -> None:
    result = harness.run_once(RATE, kill_after, seed=int(kill_after * 10))
    assert result.integrity == "ok"
    assert result.prefix_ok, (result.typed, result.saved)
    assert result.lost_chars <= MAX_LOST_CHARS, (result.typed, result.saved)
