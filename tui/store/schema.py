"""The database tables behind tui.store, and the schema version they make up.

Only tui.store imports this module: importing sqlmodel costs about a third of a second, so
nothing on the way to the first frame may touch it (screens use tui.core.records instead).

Conventions, kept by tui.store:
- Every datetime column is sqlmodel's UTCDateTime: it takes aware datetimes, SQLite keeps
  them as UTC text without an offset, and they come back timezone-aware UTC.
- JSON columns (timer_state, checks, prompt_ids, schedule state, prompt_snapshot) are plain
  TEXT holding JSON,
  so any SQL database can carry them and a person can read them with the sqlite3 shell.
- Text typed by a person is never deleted by the store: abandoning an attempt only changes
  its status. (A follow-up reply row autosaved while typed is removed if the person empties
  the reply: what it held is no longer on their screen either.)

- Every row a person owns carries `person` (issue 17): on SQLite with one person it is "me",
  on PostgreSQL the role that wrote it, which row-level security checks (tui.store.cohort).

`SCHEMA_VERSION` is written into the `meta` table when a database is created. A change to
these tables must bump it and add an upgrade step in tui.store.upgrades (`UPGRADE_STEPS`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, Index, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# The layout these classes describe, and the person of a single-person file: kept where
# the first screen's direct reads (tui.store.peek_reads, no sqlmodel) find them too.
from tui.store.peek import DEFAULT_PERSON as DEFAULT_PERSON
from tui.store.peek import SCHEMA_VERSION as SCHEMA_VERSION


class MetaRow(SQLModel, table=True):
    """One row (id 1) recording which schema version the database file holds."""

    __tablename__ = "meta"

    id: int = Field(default=1, primary_key=True)
    schema_version: int


class AttemptRow(SQLModel, table=True):
    """One try at one prompt, from the first keystroke to submit (or abandon)."""

    __tablename__ = "attempt"
    # History lists newest first over submitted attempts and filters by track, kind and
    # prompt; at 100,000 attempts these keep the first page off a full table scan.
    __table_args__ = (
        Index("ix_attempt_person_status_submitted_at", "person", "status", "submitted_at"),
        Index("ix_attempt_person_status_updated_at", "person", "status", "updated_at"),
        # Version 3 (HISTORY_INDEXES): one filter of history each, in the order its page is
        # read, so a filtered first page reads its rows in order and its count reads only
        # the index (bench/history_store.py, bench/history_screen.py).
        Index(
            "ix_attempt_person_status_track_submitted",
            "person",
            "status",
            "track_id",
            "submitted_at",
        ),
        Index(
            "ix_attempt_person_status_kind_submitted", "person", "status", "kind", "submitted_at"
        ),
        Index(
            "ix_attempt_person_status_prompt_submitted",
            "person",
            "status",
            "prompt_id",
            "submitted_at",
        ),
        Index("ix_attempt_person_status_started", "person", "status", "started_at"),
        Index("ix_attempt_person_started", "person", "started_at"),
        # Drafts and submitted together, of one prompt: by start, not every attempt walked.
        Index("ix_attempt_person_prompt_started", "person", "prompt_id", "started_at"),
        Index("ix_attempt_story_id", "story_id"),
        Index("ix_attempt_track_id", "track_id"),
        Index("ix_attempt_prompt_id", "prompt_id"),
        Index("ix_attempt_kind", "kind"),
        Index("ix_attempt_round_run_id", "round_run_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person: str = DEFAULT_PERSON
    prompt_id: str
    prompt_title: str
    track_id: str
    kind: str
    scaffold_id: str
    started_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    status: str = "draft"  # draft | submitted | abandoned
    time_limit_s: int
    elapsed_s: float = 0.0
    overtime_s: float = 0.0
    round_run_id: int | None = Field(default=None, foreign_key="round_run.id")
    timer_state: str = Field(default="{}", sa_type=Text)
    #: The story told (a story id of the story bank), for a behavioral answer.
    story_id: str | None = None
    #: The prompt as it was answered (JSON: title, question, scaffold, step budgets, limit).
    prompt_snapshot: str = Field(default="{}", sa_type=Text)


class StepAnswerRow(SQLModel, table=True):
    """What was typed in one step of one attempt, and the seconds spent there."""

    __tablename__ = "step_answer"
    # One row per (attempt, step): autosave updates it in place.
    __table_args__ = (UniqueConstraint("attempt_id", "step_index", name="uq_step_answer_step"),)

    id: int | None = Field(default=None, primary_key=True)
    person: str = DEFAULT_PERSON
    attempt_id: int = Field(foreign_key="attempt.id")
    step_index: int
    step_title: str
    text: str = Field(default="", sa_type=Text)
    seconds: float = 0.0


class ReviewRow(SQLModel, table=True):
    """A review of an attempt. A blind re-review for calibration is another row, blind=True."""

    __tablename__ = "review"

    id: int | None = Field(default=None, primary_key=True)
    person: str = DEFAULT_PERSON
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    checks: str = Field(default="{}", sa_type=Text)  # JSON {question: bool}, rubric order
    score: int
    notes: str = Field(default="", sa_type=Text)
    created_at: datetime
    blind: bool = False


class FollowupReplyRow(SQLModel, table=True):
    """A reply given to one follow-up question in pushback mode."""

    __tablename__ = "followup_reply"

    id: int | None = Field(default=None, primary_key=True)
    person: str = DEFAULT_PERSON
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    question: str = Field(sa_type=Text)
    text: str = Field(default="", sa_type=Text)
    seconds: float = 0.0


class ScheduleRow(SQLModel, table=True):
    """Spaced-repetition state of one prompt for one person: a serialised card (opaque here)
    and when it is due."""

    __tablename__ = "schedule"

    person: str = Field(default=DEFAULT_PERSON, primary_key=True)
    prompt_id: str = Field(primary_key=True)
    state: str = Field(sa_type=Text)
    due: datetime = Field(index=True)


class RoundRunRow(SQLModel, table=True):
    """One run through a timed mock round."""

    __tablename__ = "round_run"

    id: int | None = Field(default=None, primary_key=True)
    person: str = DEFAULT_PERSON
    round_id: str
    prompt_ids: str = Field(default="[]", sa_type=Text)  # JSON list, in the order asked
    position: int = 0
    status: str = Field(default="running", index=True)  # running | finished | abandoned
    started_at: datetime
    finished_at: datetime | None = None


class CoachReviewRow(SQLModel, table=True):
    """A coach's review of a person's attempt, kept apart from the person's own review."""

    __tablename__ = "coach_review"

    id: int | None = Field(default=None, primary_key=True)
    #: Whose attempt it is (the row-level security of the person reading it checks this).
    person: str
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    coach: str
    checks: str = Field(default="{}", sa_type=Text)  # JSON {question: bool}, rubric order
    score: int
    notes: str = Field(default="", sa_type=Text)
    created_at: datetime


class StoryScheduleRow(SQLModel, table=True):
    """Spaced-repetition state of one story of one person's story bank (issue 15)."""

    __tablename__ = "story_schedule"

    person: str = Field(default=DEFAULT_PERSON, primary_key=True)
    story_id: str = Field(primary_key=True)
    state: str = Field(sa_type=Text)
    due: datetime = Field(index=True)


class InterviewPlanRow(SQLModel, table=True):
    """The interview a person prepares for: which track, which day (issue 16)."""

    __tablename__ = "interview_plan"

    person: str = Field(default=DEFAULT_PERSON, primary_key=True)
    track_id: str
    interview_date: date
    updated_at: datetime


#: The indexes version 3 added (history's filters: submitted-only pages by track, kind and
#: prompt; drafts, and drafts with submitted attempts, newest started first, of every
#: prompt or one).
HISTORY_INDEXES = (
    "ix_attempt_person_status_track_submitted",
    "ix_attempt_person_status_kind_submitted",
    "ix_attempt_person_status_prompt_submitted",
    "ix_attempt_person_status_started",
    "ix_attempt_person_started",
    "ix_attempt_person_prompt_started",
)


def table(name: str) -> Table:
    """The Core table called `name` (the store writes Core statements, not ORM objects)."""
    return SQLModel.metadata.tables[name]


# The Core table handles the store's queries are written against, named as the tables.
attempt = table("attempt")
step_answer = table("step_answer")
review = table("review")
followup_reply = table("followup_reply")
schedule = table("schedule")
round_run = table("round_run")
coach_review = table("coach_review")
story_schedule = table("story_schedule")
interview_plan = table("interview_plan")
meta = table("meta")

#: Every table holding a person's rows (all but meta): what row-level security covers.
PERSON_TABLES = (
    "attempt",
    "step_answer",
    "review",
    "followup_reply",
    "schedule",
    "round_run",
    "coach_review",
    "story_schedule",
    "interview_plan",
)


# Full-text search over answers and prompt titles, SQLite only (other databases fall back
# to LIKE). Words and word prefixes, case and accent folded. The FTS table is contentless
# and its rowid encodes where the words come from: attempt_id * FTS_SLOTS + step_index for
# a step, + TITLE_SLOT for the attempt's prompt title. A search therefore yields attempt ids
# straight from the index, without visiting step_answer's large rows or scanning titles
# (both measured in bench/history_store.py). Triggers keep it in step; update triggers fire
# only when the text really changed, so an autosave of unchanged text costs no index work.
FTS_SLOTS = 1024
TITLE_SLOT = FTS_SLOTS - 1
_STEP_OLD = f"old.attempt_id * {FTS_SLOTS} + old.step_index"
_STEP_NEW = f"new.attempt_id * {FTS_SLOTS} + new.step_index"
_STEP_INDEXED_OLD = f"old.step_index BETWEEN 0 AND {TITLE_SLOT - 1}"
_STEP_INDEXED_NEW = f"new.step_index BETWEEN 0 AND {TITLE_SLOT - 1}"
_STEP_CHANGED = (
    "(old.text IS NOT new.text OR old.attempt_id IS NOT new.attempt_id "
    "OR old.step_index IS NOT new.step_index)"
)
_TITLE_OLD = f"old.id * {FTS_SLOTS} + {TITLE_SLOT}"
_TITLE_NEW = f"new.id * {FTS_SLOTS} + {TITLE_SLOT}"
_TITLE_CHANGED = "(old.prompt_title IS NOT new.prompt_title OR old.id IS NOT new.id)"


def _fts_add(key: str, value: str) -> str:
    return f"INSERT INTO step_fts(rowid, text) VALUES ({key}, {value});"


def _fts_forget(key: str, value: str) -> str:
    # A contentless FTS table forgets a row only when told its exact old text.
    return f"INSERT INTO step_fts(step_fts, rowid, text) VALUES ('delete', {key}, {value});"


SQLITE_FTS_DDL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE step_fts USING fts5(text, content='', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER step_fts_ai AFTER INSERT ON step_answer WHEN {_STEP_INDEXED_NEW} "
    f"BEGIN {_fts_add(_STEP_NEW, 'new.text')} END",
    f"CREATE TRIGGER step_fts_ad AFTER DELETE ON step_answer WHEN {_STEP_INDEXED_OLD} "
    f"BEGIN {_fts_forget(_STEP_OLD, 'old.text')} END",
    "CREATE TRIGGER step_fts_au_old AFTER UPDATE OF text, attempt_id, step_index ON "
    f"step_answer WHEN {_STEP_INDEXED_OLD} AND {_STEP_CHANGED} "
    f"BEGIN {_fts_forget(_STEP_OLD, 'old.text')} END",
    "CREATE TRIGGER step_fts_au_new AFTER UPDATE OF text, attempt_id, step_index ON "
    f"step_answer WHEN {_STEP_INDEXED_NEW} AND {_STEP_CHANGED} "
    f"BEGIN {_fts_add(_STEP_NEW, 'new.text')} END",
    "CREATE TRIGGER title_fts_ai AFTER INSERT ON attempt "
    f"BEGIN {_fts_add(_TITLE_NEW, 'new.prompt_title')} END",
    "CREATE TRIGGER title_fts_ad AFTER DELETE ON attempt "
    f"BEGIN {_fts_forget(_TITLE_OLD, 'old.prompt_title')} END",
    "CREATE TRIGGER title_fts_au AFTER UPDATE OF prompt_title, id ON attempt "
    f"WHEN {_TITLE_CHANGED} "
    f"BEGIN {_fts_forget(_TITLE_OLD, 'old.prompt_title')} "
    f"{_fts_add(_TITLE_NEW, 'new.prompt_title')} END",
)


# Full-text search on PostgreSQL: the server's own tsvector, kept by generated columns
# (so nothing can forget to update it) and served by GIN indexes. The text search
# configuration `caseroom_search` is 'simple' (folds case, does not stem, as SQLite's
# unicode61 tokenizer above) plus the unaccent dictionary where the server has it, so
# "cafe" finds "café" on both. Not part of the SQLModel tables: SQLite has no tsvector, and
# the store never writes these columns.
POSTGRES_SEARCH_CONFIG = "caseroom_search"
POSTGRES_FTS_DDL: tuple[str, ...] = (
    "ALTER TABLE step_answer ADD COLUMN text_tsv tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('{POSTGRES_SEARCH_CONFIG}', text)) STORED",
    "CREATE INDEX ix_step_answer_text_tsv ON step_answer USING GIN (text_tsv)",
    "ALTER TABLE attempt ADD COLUMN title_tsv tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('{POSTGRES_SEARCH_CONFIG}', prompt_title)) STORED",
    "CREATE INDEX ix_attempt_title_tsv ON attempt USING GIN (title_tsv)",
)


def install_postgres_search(conn: Connection) -> None:
    """Create the search configuration, then the tsvector columns and their indexes."""
    conn.exec_driver_sql(
        f"CREATE TEXT SEARCH CONFIGURATION {POSTGRES_SEARCH_CONFIG} (COPY = pg_catalog.simple)"
    )
    available = conn.exec_driver_sql(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'"
    ).scalar()
    if available:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
        conn.exec_driver_sql(
            f"ALTER TEXT SEARCH CONFIGURATION {POSTGRES_SEARCH_CONFIG} "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
        )
    for ddl in POSTGRES_FTS_DDL:
        conn.exec_driver_sql(ddl)
