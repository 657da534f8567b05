"""History: pages of attempts matching a filter, how many match, counts per prompt and track.

A HistoryQuery becomes WHERE clauses here, including the text filter: on SQLite it asks the
full-text index (words and word prefixes), elsewhere it falls back to a substring scan.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, column, func, literal_column, or_, select, text

from tui.core.records import ANY_ROUND, AttemptSummary, HistoryQuery
from tui.store import schema as db_schema
from tui.store.attempts import summary, summary_select
from tui.store.engine import StoreBase
from tui.store.schema import attempt, round_run, step_answer
from tui.store.values import db_time


class History(StoreBase):
    """Reading many attempts at once."""

    def attempts(self, query: HistoryQuery, *, person: str | None = None) -> list[AttemptSummary]:
        """One page of my history (or, a coach reading, `person`'s) matching `query`,
        newest first.

        Newest means latest submitted for submitted-only queries, else latest started.
        `since` is inclusive and `until` exclusive. `text` matches the prompt title or a
        step answer: on SQLite each word of the filter must start a word of the title or of
        one step ("retent" finds "retention"), the same on PostgreSQL (its tsvector
        index); elsewhere it is a substring match.
        """
        when = _when(query)
        statement = (
            summary_select()
            .where(*self._filters(query, person))
            .order_by(when.desc(), attempt.c.id.desc())
            .limit(max(0, query.limit))
            .offset(max(0, query.offset))
        )
        with self._read() as conn:
            return [summary(row) for row in conn.execute(statement)]

    def count_attempts(self, query: HistoryQuery, *, person: str | None = None) -> int:
        """How many of my (or `person`'s) attempts match `query` (ignoring its limit and
        offset)."""
        statement = select(func.count()).select_from(attempt).where(*self._filters(query, person))
        with self._read() as conn:
            return int(conn.execute(statement).scalar() or 0)

    def _filters(self, query: HistoryQuery, person: str | None = None) -> list[ColumnElement[bool]]:
        """WHERE clauses for a history query of one person; empty fields do not filter."""
        owner = self.person if person is None else person
        clauses: list[ColumnElement[bool]] = [attempt.c.person == owner]
        if query.statuses:
            statuses = tuple(query.statuses)
            clauses.append(
                attempt.c.status == statuses[0]
                if len(statuses) == 1
                else attempt.c.status.in_(statuses)
            )
        for value, column_ in (
            (query.track_id, attempt.c.track_id),
            (query.kind, attempt.c.kind),
            (query.prompt_id, attempt.c.prompt_id),
        ):
            if value:
                clauses.append(column_ == value)
        when = _when(query)
        if query.since is not None:
            clauses.append(when >= db_time(query.since))
        if query.until is not None:
            clauses.append(when < db_time(query.until))
        if query.text.strip():
            clauses.append(self._text_filter(query.text.strip()))
        if query.round_id:
            clauses.append(_round_filter(query.round_id, owner))
        return clauses

    def _text_filter(self, needle: str) -> ColumnElement[bool]:
        """The prompt title or a step answer matches `needle`.

        With SQLite's full-text index: every word of `needle` starts a word of the title or
        of one step. Without it: the title or a step contains `needle` as a substring.
        """
        fts_query = _fts_query(needle)
        if self._has_fts and fts_query:
            matching = (
                text(f"SELECT rowid / {db_schema.FTS_SLOTS} FROM step_fts WHERE step_fts MATCH :q")
                .bindparams(q=fts_query)
                .columns(column("attempt_id"))
            )
            return attempt.c.id.in_(matching)
        ts_query = _tsquery(needle)
        if self._has_tsvector and ts_query:
            return _tsvector_match(ts_query)
        # No full-text index (another database, SQLite without FTS5): a scan.
        lowered = needle.lower()
        step_text = (
            select(step_answer.c.id)
            .where(
                step_answer.c.attempt_id == attempt.c.id,
                func.lower(step_answer.c.text).contains(lowered, autoescape=True),
            )
            .exists()
        )
        return or_(func.lower(attempt.c.prompt_title).contains(lowered, autoescape=True), step_text)

    def attempt_counts_by_prompt(self) -> dict[str, int]:
        """Submitted attempts per prompt id."""
        return self._counts_by(attempt.c.prompt_id)

    def attempt_counts_by_track(self) -> dict[str, int]:
        """Submitted attempts per track id."""
        return self._counts_by(attempt.c.track_id)

    def _counts_by(self, key: ColumnElement[Any]) -> dict[str, int]:
        statement = (
            select(key, func.count())
            .where(attempt.c.person == self.person, attempt.c.status == "submitted")
            .group_by(key)
        )
        with self._read() as conn:
            return {str(k): int(n) for k, n in conn.execute(statement)}


def _round_filter(round_id: str, person: str) -> ColumnElement[bool]:
    """Made in any round run (ANY_ROUND), or in a run of the round `round_id`."""
    if round_id == ANY_ROUND:
        return attempt.c.round_run_id.is_not(None)
    runs = select(round_run.c.id).where(
        round_run.c.person == person, round_run.c.round_id == round_id
    )
    return attempt.c.round_run_id.in_(runs)


def _when(query: HistoryQuery) -> ColumnElement[Any]:
    # Submitted-only history (the common case) orders on submitted_at so that the
    # (status, submitted_at) index serves the first page without sorting.
    if set(query.statuses) == {"submitted"}:
        return attempt.c.submitted_at
    return attempt.c.started_at


_WORD = re.compile(r"\w+", re.UNICODE)


def _fts_query(needle: str) -> str:
    """An FTS5 query: every word of `needle` as a quoted prefix ("word"*), all required.

    Quoting makes user input inert (no FTS syntax errors from quotes, NEAR, AND...).
    """
    return " AND ".join(f'"{word}"*' for word in _WORD.findall(needle))


def _tsquery(needle: str) -> str:
    """A PostgreSQL tsquery with FTS5's meaning: every word a required prefix ('word':*).

    Built from word characters only and quoted, so user input stays inert. (Not
    websearch_to_tsquery: it has no prefix matching, and "retent" must find "retention"
    on both databases.)
    """
    return " & ".join(f"'{word.lower()}':*" for word in _WORD.findall(needle))


def _tsvector_match(ts_query: str) -> ColumnElement[bool]:
    """The title, or one step, holds every word of `ts_query` (the generated tsvector
    columns and their GIN indexes, tui.store.schema.POSTGRES_FTS_DDL).

    The steps are asked once, uncorrelated (as SQLite's index is): the server runs one
    bitmap scan of the GIN index and hashes the attempt ids, instead of probing per row.
    """
    config: ColumnElement[Any] = literal_column(f"'{db_schema.POSTGRES_SEARCH_CONFIG}'")
    query = func.to_tsquery(config, ts_query)
    matching_steps = select(step_answer.c.attempt_id).where(
        literal_column("step_answer.text_tsv").bool_op("@@")(query)
    )
    return or_(
        literal_column("attempt.title_tsv").bool_op("@@")(query),
        attempt.c.id.in_(matching_steps),
    )
