"""tui.services.replies: pushback replies are one row each, however often they autosave."""

from __future__ import annotations

from pathlib import Path

from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.records import AnswerProgress
from tui.services.gate import StoreGate
from tui.services.replies import PushbackSnapshot, ReplyDraft, ReplyWriter
from tui.store import Store

QUESTION = "What if the price doubles?"
LATER = "Who objects first?"


def submitted(store: Store) -> int:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    store.submit(attempt_id, AnswerProgress(tuple(drafts("a")), elapsed_s=60), now=T0)
    return attempt_id


def replies_of(store: Store, attempt_id: int) -> list[tuple[str, str]]:
    return [(r.question, r.text) for r in store.attempt(attempt_id).followups]


def test_a_reply_saved_again_and_again_stays_one_row(store: Store) -> None:
    attempt_id = submitted(store)
    writer = ReplyWriter(StoreGate())
    for text in ("It", "It depends", "It depends on churn"):
        reply = ReplyDraft(0, QUESTION, text, seconds=len(text))
        writer.write(store, PushbackSnapshot(attempt_id, (reply,)))
    assert replies_of(store, attempt_id) == [(QUESTION, "It depends on churn")]


def test_each_snapshot_carries_every_reply_and_unchanged_ones_are_not_rewritten(
    store: Store,
) -> None:
    attempt_id = submitted(store)
    writer = ReplyWriter(StoreGate())
    first = ReplyDraft(0, QUESTION, "Churn rises", 20.0, done=True)
    writer.write(store, PushbackSnapshot(attempt_id, (first,)))
    second = ReplyDraft(1, LATER, "Families", 10.0)
    writer.write(store, PushbackSnapshot(attempt_id, (first, second)))
    assert replies_of(store, attempt_id) == [(QUESTION, "Churn rises"), (LATER, "Families")]
    assert writer.written == {0: first, 1: second}


def test_an_erased_reply_is_dropped_and_a_blank_one_moved_on_from_is_kept(
    store: Store,
) -> None:
    attempt_id = submitted(store)
    writer = ReplyWriter(StoreGate())
    writer.write(store, PushbackSnapshot(attempt_id, (ReplyDraft(0, QUESTION, "typo", 3.0),)))
    erased = ReplyDraft(0, QUESTION, "  ", 5.0)
    writer.write(store, PushbackSnapshot(attempt_id, (erased,)))
    assert replies_of(store, attempt_id) == []
    assert writer.rows == {}
    faced = ReplyDraft(0, QUESTION, "", 60.0, done=True)
    writer.write(store, PushbackSnapshot(attempt_id, (faced,)))
    assert replies_of(store, attempt_id) == [(QUESTION, "")]


def test_the_writer_runs_through_the_gate(tmp_path: Path) -> None:
    gate = StoreGate()
    store = gate.open(f"sqlite:///{tmp_path / 'gate.db'}")
    try:
        attempt_id = submitted(store)
        writer = ReplyWriter(gate)
        writer(PushbackSnapshot(attempt_id, (ReplyDraft(0, QUESTION, "Yes", 4.0),)))
        assert replies_of(store, attempt_id) == [(QUESTION, "Yes")]
    finally:
        store.close()
