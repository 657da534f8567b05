"""Pushback replies: writing the follow-up replies of one session, one row per reply.

Each reply autosaves while it is typed, on a background writer thread. A reply is one row
however often it is saved: the writer remembers each reply's row and updates it in place
(Store.save_followup_reply). Every snapshot carries all the replies of the session, so
the latest-wins writer can never drop an earlier reply's final text.

A reply left blank and not moved on from is not stored; if autosave had stored text the
person then erased, that row is removed. A reply moved on from is stored even when blank,
as a question faced and not answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.services.gate import StoreGate
    from tui.store import Store


@dataclass(frozen=True)
class ReplyDraft:
    """One reply as it stands: `done` once the person moved on from it with ctrl+n."""

    position: int
    question: str
    text: str
    seconds: float
    done: bool = False

    @property
    def keep(self) -> bool:
        """Whether the reply belongs in the store: it has text, or it was moved on from."""
        return self.done or bool(self.text.strip())


@dataclass(frozen=True)
class PushbackSnapshot:
    """What autosave writes: every reply of this session so far."""

    attempt_id: int
    replies: tuple[ReplyDraft, ...]


class ReplyWriter:
    """Writes snapshots on the saver's thread, one row per reply, updated in place.

    Only the writer thread touches `rows` and `written`, so two writes of one reply can
    never race into two rows. Holds the gate, not a screen: the last write may run after
    the screen has left.
    """

    def __init__(self, gate: StoreGate) -> None:
        self.gate = gate
        self.rows: dict[int, int] = {}  # reply position -> row id
        self.written: dict[int, ReplyDraft] = {}

    def __call__(self, snapshot: PushbackSnapshot) -> None:
        self.gate.run(partial(self.write, snapshot=snapshot))

    def write(self, store: Store, snapshot: PushbackSnapshot) -> None:
        """Store the replies of `snapshot` that changed since the last write."""
        for reply in snapshot.replies:
            if self.written.get(reply.position) == reply:
                continue
            row = self.rows.get(reply.position)
            if reply.keep:
                self.rows[reply.position] = store.save_followup_reply(
                    snapshot.attempt_id, reply.question, reply.text, reply.seconds, reply_id=row
                )
            elif row is not None:
                store.drop_followup_reply(snapshot.attempt_id, row)
                del self.rows[reply.position]
            self.written[reply.position] = reply
