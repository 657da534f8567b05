"""Reviews of attempts and replies to follow-up questions.

An attempt's score is its first non-blind review; blind re-reviews are extra rows kept for
calibration. `first_reviews` and `scored_reviews` read exactly those scoring reviews, for
stats and for a prompt's schedule. Follow-up replies are autosaved while typed, in place.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, insert, select, update

from tui.store.attempts import attempt_status
from tui.store.engine import StoreBase
from tui.store.schema import attempt, followup_reply, review
from tui.store.values import aware, checks_from_json, db_time


class Reviews(StoreBase):
    """Writing and reading reviews and follow-up replies."""

    def _first_reviews_select(self, *columns: Any) -> Select[Any]:
        """`columns` (of `attempt`, or `score` / `checks` of the review) for each of my
        submitted attempts' first non-blind review: the one that is the attempt's score
        (blind re-reviews are for calibration)."""
        ranked = (
            select(
                review.c.attempt_id,
                review.c.score,
                review.c.checks,
                func.row_number()
                .over(partition_by=review.c.attempt_id, order_by=(review.c.created_at, review.c.id))
                .label("nth"),
            )
            .where(review.c.blind.is_(False))
            .subquery()
        )
        picked = [ranked.c[c] if isinstance(c, str) else c for c in columns]
        return (
            select(*picked)
            .select_from(attempt.join(ranked, ranked.c.attempt_id == attempt.c.id))
            .where(
                attempt.c.person == self.person,
                attempt.c.status == "submitted",
                ranked.c.nth == 1,
            )
        )

    def latest_scores(self) -> dict[str, int]:
        """Each prompt's score at its latest scored attempt (its first non-blind review)."""
        statement = self._first_reviews_select(attempt.c.prompt_id, "score").order_by(
            attempt.c.submitted_at, attempt.c.id
        )
        with self._read() as conn:
            return {prompt_id: int(score) for prompt_id, score in conn.execute(statement)}

    def first_reviews(self) -> list[tuple[int, dict[str, bool]]]:
        """(score, rubric answers) of every submitted attempt's first non-blind review, in
        one query for the whole history."""
        statement = self._first_reviews_select("score", "checks")
        with self._read() as conn:
            return [(int(score), checks_from_json(raw)) for score, raw in conn.execute(statement)]

    def save_review(
        self,
        attempt_id: int,
        checks: Mapping[str, bool],
        score: int,
        notes: str,
        *,
        blind: bool = False,
        now: datetime | None = None,
    ) -> None:
        """Store a review. An attempt has one scoring review: its first non-blind one.
        Saving a non-blind review when there is one already edits that row in place
        (checks, score, note; it keeps its date, so it stays the first and its place in
        the prompt's schedule); otherwise it adds it. A blind re-review (for calibration)
        is always another row with blind=True, never edited."""
        if not 1 <= int(score) <= 5:
            raise ValueError(f"score must be 1-5, got {score}")
        values = {
            # Rubric order is kept (not sorted): the review screen shows it as asked.
            "checks": json.dumps({str(q): bool(v) for q, v in checks.items()}),
            "score": int(score),
            "notes": notes,
        }
        with self._write() as conn:
            attempt_status(conn, attempt_id, self._where, self.person)
            first = None
            if not blind:
                first = conn.execute(
                    select(review.c.id)
                    .where(review.c.attempt_id == attempt_id, review.c.blind.is_(False))
                    .order_by(review.c.created_at, review.c.id)
                    .limit(1)
                ).scalar()
            if first is not None:
                conn.execute(update(review).where(review.c.id == first).values(**values))
                return
            conn.execute(
                insert(review).values(
                    person=self.person,
                    attempt_id=attempt_id,
                    created_at=db_time(now),
                    blind=bool(blind),
                    **values,
                )
            )

    def scored_reviews(self, prompt_id: str) -> list[tuple[int, datetime]]:
        """(score, reviewed at) of the first non-blind review of each attempt at
        `prompt_id`, oldest first: the reviews the prompt's schedule is built from."""
        ranked = (
            select(
                review.c.score,
                review.c.created_at,
                review.c.id,
                func.row_number()
                .over(partition_by=review.c.attempt_id, order_by=(review.c.created_at, review.c.id))
                .label("nth"),
            )
            .select_from(review.join(attempt, attempt.c.id == review.c.attempt_id))
            .where(
                attempt.c.person == self.person,
                attempt.c.prompt_id == prompt_id,
                review.c.blind.is_(False),
            )
            .subquery()
        )
        statement = (
            select(ranked.c.score, ranked.c.created_at)
            .where(ranked.c.nth == 1)
            .order_by(ranked.c.created_at, ranked.c.id)
        )
        with self._read() as conn:
            return [(int(score), aware(when)) for score, when in conn.execute(statement)]

    def add_followup_reply(self, attempt_id: int, question: str, text: str, seconds: float) -> int:
        """Record a reply to a follow-up question; return its row id."""
        return self.save_followup_reply(attempt_id, question, text, seconds)

    def save_followup_reply(
        self,
        attempt_id: int,
        question: str,
        text: str,
        seconds: float,
        *,
        reply_id: int | None = None,
    ) -> int:
        """Store a follow-up reply and return its row id: a new row, or with `reply_id` the
        same row updated in place (pushback autosaves a reply while it is typed, and it must
        never end up stored twice). A `reply_id` whose row is gone gets a new row."""
        values = {"question": question, "text": text, "seconds": float(seconds)}
        with self._write() as conn:
            attempt_status(conn, attempt_id, self._where, self.person)
            if reply_id is not None:
                changed = conn.execute(
                    update(followup_reply)
                    .where(
                        followup_reply.c.id == reply_id, followup_reply.c.attempt_id == attempt_id
                    )
                    .values(**values)
                ).rowcount
                if changed:
                    return reply_id
            pk = conn.execute(
                insert(followup_reply).values(person=self.person, attempt_id=attempt_id, **values)
            ).inserted_primary_key
            assert pk is not None
            return int(pk[0])

    def drop_followup_reply(self, attempt_id: int, reply_id: int) -> None:
        """Remove one reply row. Only for a reply autosave stored that the person has since
        emptied on screen: a blank reply is not kept, and no typed text is lost by it."""
        with self._write() as conn:
            conn.execute(
                delete(followup_reply).where(
                    followup_reply.c.id == reply_id,
                    followup_reply.c.attempt_id == attempt_id,
                    followup_reply.c.person == self.person,
                )
            )
