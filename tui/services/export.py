"""Export attempts as Markdown (to read) or JSON (to keep or process): `caseroom export`.

The formatting functions are pure and work on tui.core.records only; `run_export` opens the
store, and imports it only when called, so importing this module stays cheap.

Inside the app, `export_attempts` writes the files to a folder the person can find
(~/caseroom-exports, or the temp folder when home is not writable), named by what they hold
and when; `export_attempt` and `export_matching` are the jobs the screens hand the App.

JSON layout (version 1; keys are stable, new keys may be added, none renamed). `prompt` is
the prompt as it was answered (null for attempts stored before prompts were kept):

    {
      "format": "caseroom-attempts",
      "version": 1,
      "attempts": [
        {
          "id": 12, "prompt_id": "...", "prompt_title": "...", "track_id": "...",
          "kind": "case", "scaffold_id": "...", "status": "submitted",
          "started_at": "2026-03-01T09:00:00+00:00", "updated_at": "...",
          "submitted_at": "..." | null,
          "time_limit_s": 900, "elapsed_s": 950.0, "overtime_s": 50.0,
          "score": 4 | null, "round_run_id": 3 | null,
          "steps": [{"index": 0, "title": "...", "text": "...", "seconds": 120.0}],
          "reviews": [{"score": 4, "checks": {"question": true}, "notes": "...",
                       "created_at": "...", "blind": false}],
          "followups": [{"question": "...", "text": "...", "seconds": 40.0}],
          "story_id": "..." | null,
          "prompt_snapshot": {"title": "...", "question": "...", "scaffold_id": "...",
                              "scaffold_title": "...", "time_limit_s": 900,
                              "steps": [{"title": "...", "budget_s": 120 | null}],
                              "story_title": "..."} | null,
          "coach_reviews": [{"coach": "...", "score": 3, "checks": {...}, "notes": "...",
                             "created_at": "..."}],
          "round": {"run_id": 3, "round_id": "...", "part": 2, "of": 3,
                    "started_at": "...", "status": "finished"} | null,
          "story_title": "..." | null
        }
      ]
    }

Dates are ISO 8601 in UTC with an explicit offset. `score` is the first non-blind review's.
`story_title` is the story's title as it was when it was chosen (kept with the attempt: the
file may be renamed or deleted since); for an attempt that kept none, the story's title now
when the app exports (the CLI does not load the library), else its id.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tui.core.durations import format_clock, format_elapsed
from tui.core.records import AttemptDetail, AttemptSummary, HistoryQuery
from tui.core.stories import told_story_title
from tui.library.sanitize import one_line, sanitize_text
from tui.paths import findable_dirs
from tui.services.history import all_details

if TYPE_CHECKING:
    from tui.store import Store

JSON_FORMAT = "caseroom-attempts"
JSON_VERSION = 1
FORMATS = {"md": "markdown", "markdown": "markdown", "json": "json"}
_PAGE = 1000


def _when(value: datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def attempt_markdown(detail: AttemptDetail, story_titles: Mapping[str, str] | None = None) -> str:
    """One attempt as a readable Markdown document.

    Text from the database is made safe as the screens make it (tui.library.sanitize): no
    control characters or terminal escape sequences reach a terminal or a file, and a
    title stays on its one line (its heading, its list item). `story_titles` (story id ->
    title now) names the story told by an attempt that kept no title of it.
    """
    s = detail.summary
    date = s.submitted_at or s.started_at
    _step_seconds, used_s, overtime_s = detail.time_figures  # figures that add up
    lines = [
        f"# {one_line(s.prompt_title)}",
        "",
        f"- Track: {one_line(s.track_id)}",
        f"- Kind: {one_line(s.kind)} · Scaffold: {one_line(s.scaffold_id)}",
        f"- Date: {_when(date)} ({s.status})",
        f"- Time used: {format_elapsed(used_s)} of {format_clock(s.time_limit_s)}"
        + (f" (overtime {format_elapsed(overtime_s)})" if overtime_s > 0 else ""),
    ]
    if s.story_id:
        lines.append(f"- Story: {one_line(_story_title(detail, story_titles))}")
    part = detail.round_part
    if part is not None:
        number = f"part {part.number} of {part.of}" if part.number else "part"
        lines.append(
            f"- Round: {number} of {one_line(part.round_id)}, run {part.run_id}, "
            f"started {_when(part.started_at)}"
        )
    snapshot = detail.prompt_snapshot
    if snapshot is not None and snapshot.question.strip():
        lines += ["", "## Question", "", snapshot.question.strip()]
    review = detail.review
    lines.append(f"- Score: {review.score}/5" if review else "- Score: not reviewed")
    if review is not None:
        lines += ["", "## Rubric", ""]
        lines += [
            f"- [{'x' if ok else ' '}] {one_line(question)}"
            for question, ok in review.checks.items()
        ]
        if review.notes.strip():
            lines += ["", "Notes:", "", review.notes.strip()]
    others = [r for r in detail.reviews if r is not review]
    if others:
        lines += ["", "## Other reviews", ""]
        for other in others:
            kind = "blind re-review" if other.blind else "review"
            note = f": {other.notes.strip()}" if other.notes.strip() else ""
            lines.append(f"- {_when(other.created_at)}, {kind}, {other.score}/5{note}")
    if detail.coach_reviews:
        lines += ["", "## Coach reviews", ""]
        for coached in detail.coach_reviews:
            note = f": {coached.notes.strip()}" if coached.notes.strip() else ""
            lines.append(f"- {_when(coached.created_at)}, {coached.coach}, {coached.score}/5{note}")
    lines += ["", "## Answer", "", answer_markdown(detail, level="###").rstrip("\n")]
    if detail.followups:
        lines += ["", "## Follow-ups"]
        for reply in detail.followups:
            lines += ["", f"### {one_line(reply.question)} ({format_elapsed(reply.seconds)})", ""]
            lines.append(reply.text.strip() or "_(no answer)_")
    return sanitize_text("\n".join(lines) + "\n")


def answer_markdown(detail: AttemptDetail, *, level: str = "##") -> str:
    """The answer alone, step by step (what `y` on the attempt screen copies)."""
    lines: list[str] = []
    step_seconds = detail.time_figures[0]  # rounded once: they add up to the total shown
    for step, seconds in zip(detail.steps, step_seconds, strict=True):
        title = one_line(step.title)
        heading = f"{level} {step.index + 1}. {title} ({format_elapsed(seconds)})"
        lines += ["", heading, "", step.text.strip() or "_(no answer)_"]
    return "\n".join(lines[1:]) + "\n"


def _story_title(detail: AttemptDetail, titles: Mapping[str, str] | None) -> str:
    return told_story_title(detail.summary.story_id, detail.story_title, titles or {})


def _attempt_dict(
    detail: AttemptDetail, story_titles: Mapping[str, str] | None = None
) -> dict[str, Any]:
    s = detail.summary
    return {
        "id": s.id,
        "prompt_id": s.prompt_id,
        "prompt_title": s.prompt_title,
        "track_id": s.track_id,
        "kind": s.kind,
        "scaffold_id": s.scaffold_id,
        "status": s.status,
        "started_at": _iso(s.started_at),
        "updated_at": _iso(s.updated_at),
        "submitted_at": _iso(s.submitted_at),
        "time_limit_s": s.time_limit_s,
        "elapsed_s": s.elapsed_s,
        "overtime_s": s.overtime_s,
        "score": detail.review.score if detail.review else s.score,
        "round_run_id": s.round_run_id,
        "steps": [
            {"index": st.index, "title": st.title, "text": st.text, "seconds": st.seconds}
            for st in detail.steps
        ],
        "reviews": [
            {
                "score": r.score,
                "checks": dict(r.checks),
                "notes": r.notes,
                "created_at": _iso(r.created_at),
                "blind": r.blind,
            }
            for r in detail.reviews
        ],
        "followups": [
            {"question": f.question, "text": f.text, "seconds": f.seconds} for f in detail.followups
        ],
        "story_id": s.story_id,
        "prompt_snapshot": (
            detail.prompt_snapshot.as_json() if detail.prompt_snapshot is not None else None
        ),
        "coach_reviews": [
            {
                "coach": c.coach,
                "score": c.score,
                "checks": dict(c.checks),
                "notes": c.notes,
                "created_at": _iso(c.created_at),
            }
            for c in detail.coach_reviews
        ],
        "round": _round_dict(detail),
        "story_title": _story_title(detail, story_titles) or None,
    }


def _round_dict(detail: AttemptDetail) -> dict[str, Any] | None:
    part = detail.round_part
    if part is None:
        return None
    return {
        "run_id": part.run_id,
        "round_id": part.round_id,
        "part": part.number,
        "of": part.of,
        "started_at": _iso(part.started_at),
        "status": part.status,
    }


def attempts_json(
    details: Sequence[AttemptDetail], story_titles: Mapping[str, str] | None = None
) -> str:
    """Attempts as a JSON document (layout in this module's docstring)."""
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "attempts": [_attempt_dict(d, story_titles) for d in details],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _render(
    details: Sequence[AttemptDetail], fmt: str, story_titles: Mapping[str, str] | None = None
) -> str:
    if fmt == "json":
        return attempts_json(details, story_titles)
    return "\n---\n\n".join(attempt_markdown(d, story_titles) for d in details)


def _is_database_file(output: Path, database: Path | None) -> bool:
    """Whether writing `output` would overwrite the database or one of its side files."""
    if database is None:
        return False
    target = output.expanduser().resolve()
    base = database.expanduser().resolve()
    return target in {base, *(Path(f"{base}{s}") for s in ("-wal", "-shm", "-journal"))}


def write_atomically(path: Path, content: str) -> None:
    """Write atomically: a crash mid-export never leaves a half-written file in place."""
    path = path.expanduser()
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_export(
    db_url: str,
    *,
    attempt_id: int | None,
    fmt: str,
    output: str | None,
    out: TextIO,
    err: TextIO | None = None,
) -> int:
    """`caseroom export`: one attempt, or every submitted attempt oldest first.

    Writes to the file `output` (atomically) or to `out`. Returns the exit status: 0 done,
    1 the store could not deliver (message on `err`), 2 bad arguments.
    """
    from tui.paths import sqlite_path

    errors = err if err is not None else sys.stderr
    kind = FORMATS.get(fmt.lower())
    if kind is None:
        print(f"caseroom export: unknown format {fmt!r} (use md or json)", file=errors)
        return 2
    database = sqlite_path(db_url)
    if output and _is_database_file(Path(output), database):
        print(f"caseroom export: refusing to write over the database {database}", file=errors)
        return 2
    if database is not None and not database.exists():
        print(f"caseroom export: no history yet ({database} does not exist)", file=errors)
        return 1

    from tui.store import Store, StoreError  # sqlmodel: only when really exporting

    try:
        with Store.open(db_url) as store:
            if attempt_id is not None:
                details = [store.attempt(attempt_id)]
            else:
                details = [store.attempt(a.id) for a in _all_submitted(store)]
    except StoreError as exc:
        print(f"caseroom export: {exc.user_message}", file=errors)
        return 1
    content = _render(details, kind)
    if output:
        try:
            write_atomically(Path(output), content)
        except OSError as exc:
            print(f"caseroom export: cannot write {output}: {exc.strerror}", file=errors)
            return 1
    else:
        out.write(content)
    return 0


def _all_submitted(store: Store) -> list[AttemptSummary]:
    """Every submitted attempt summary, oldest first (history pages are newest first)."""
    summaries: list[AttemptSummary] = []
    while True:
        page = store.attempts(HistoryQuery(limit=_PAGE, offset=len(summaries)))
        summaries.extend(page)
        if len(page) < _PAGE:
            break
    summaries.reverse()
    return summaries


# -- exporting from inside the app -----------------------------------------------------------


def export_attempts(
    details: Sequence[AttemptDetail],
    stem: str,
    *,
    when: datetime | None = None,
    story_titles: Mapping[str, str] | None = None,
) -> tuple[Path, Path]:
    """Write `details` as `<stem>-<time>.md` and `.json` into the first writable findable
    folder, atomically; return both paths. Raises OSError when no folder is writable.
    `story_titles`: the library's story titles now, for attempts that kept none."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    markdown = _render(details, "markdown", story_titles)
    document = attempts_json(details, story_titles)
    last_error: OSError | None = None
    for folder in findable_dirs("caseroom-exports"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            md_path = folder / f"{stem}-{stamp}.md"
            json_path = folder / f"{stem}-{stamp}.json"
            write_atomically(md_path, markdown)
            write_atomically(json_path, document)
            return md_path, json_path
        except OSError as error:
            last_error = error
    assert last_error is not None
    raise last_error


def export_attempt(
    store: Store, attempt_id: int, story_titles: Mapping[str, str] | None = None
) -> str:
    """Export one attempt as markdown and JSON; the markdown file's path."""
    details = [store.attempt(attempt_id)]
    md_path, _ = export_attempts(details, f"attempt-{attempt_id}", story_titles=story_titles)
    return str(md_path)


def export_matching(
    store: Store, query: HistoryQuery, story_titles: Mapping[str, str] | None = None
) -> str:
    """Export every attempt matching `query` (all pages) as "history-…"; the markdown path."""
    details = all_details(store, query)
    md_path, _ = export_attempts(details, "history", story_titles=story_titles)
    return str(md_path)
