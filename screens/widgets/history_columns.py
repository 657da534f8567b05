"""History's table columns, planned from the terminal's width (never measured from rows):
every column shows at 80 columns, cut or shortened the same way for every row.

The story told (issue 15) gets a column when the library has a story bank and the width
leaves room for it beside a readable prompt (from about 110 columns); its cells are the
story's title, or its id when the story's file is gone."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import zip_longest
from typing import Literal

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, Row, RowKey

from tui.core.durations import format_clock, format_elapsed, whole_seconds
from tui.core.model import Library, Story
from tui.core.records import AttemptSummary
from tui.library.sanitize import one_line

# -- the table's columns -------------------------------------------------------------------

# Fixed widths (characters, without the cell padding DataTable adds on both sides).
DATE_W = 12  # "21 Nov 19:45", or "21 Nov 2025" for another year
TIME_W = 11  # "14:40/15:00"
OVER_W = 5  # "12:34"
SCORE_W = 5  # "4/5", "draft"
KIND_W, KIND_SHORT_W = 10, 6
KIND_SHORT = {"behavioral": "behav"}
TRACK_MAX_W = 28
PROMPT_MIN_W = 24  # below this, kinds are shortened too (tracks already are)
CELL_PADDING = 1  # DataTable's default, on each side of every column
SCROLLBAR_W = 2  # the table keeps room for its scrollbar (scrollbar-gutter: stable)
STORY_MIN_W, STORY_MAX_W = 10, 24
STORY_PROMPT_KEEP = 26  # the story column takes only the room the prompt spares beyond this
COLUMN_KEYS = ("date", "track", "prompt", "story", "kind", "time", "over", "score")
LABELS = {key: key.title() for key in COLUMN_KEYS}
BASE_KEYS = tuple(key for key in COLUMN_KEYS if key != "story")  # always shown
MARK = "● "  # before the prompt of the attempt marked for compare


TrackStyle = Literal["full", "word", "initials"]


@dataclass(frozen=True)
class Columns:
    """The widths of the table's flexible columns for one screen width."""

    track: int
    prompt: int
    kind: int
    track_style: TrackStyle = "full"
    short_kind: bool = False
    story: int = 0  # 0: no story column

    def column_keys(self) -> tuple[str, ...]:
        """The keys of the columns shown, in order."""
        return COLUMN_KEYS if self.story else BASE_KEYS

    def widths(self) -> tuple[int, ...]:
        """Every shown column's width, in `column_keys()` order."""
        widths = {"date": DATE_W, "track": self.track, "prompt": self.prompt}
        widths.update(story=self.story, kind=self.kind, time=TIME_W, over=OVER_W, score=SCORE_W)
        return tuple(widths[key] for key in self.column_keys())

    def labelled(self) -> list[tuple[str, str, int]]:
        """(label, key, width) of every shown column, in order."""
        return [(LABELS[k], k, w) for k, w in zip(self.column_keys(), self.widths(), strict=True)]


def track_label(title: str, style: TrackStyle) -> str:
    """A track's title, its first word ("Engineering"), or its initials ("PM", "PLC")."""
    if style == "full":
        return title
    words = [w for w in re.split(r"[\s\-_/&]+", title) if w]
    if style == "word":
        return words[0] if words else title
    initials = "".join(w[0] for w in words if w[0].isalnum() and w.lower() not in ("and", "of"))
    return initials.upper()[:6] or title[:6]


# From the most to the least readable: the first that leaves the prompt this much room wins.
_PLANS: tuple[tuple[TrackStyle, bool, int], ...] = (
    ("full", False, 32),  # at 120 columns the bundled tracks' full names fit
    ("word", False, 26),
    ("initials", False, PROMPT_MIN_W),
    ("initials", True, 0),
)


def plan_columns(width: int, track_titles: Iterable[str], *, stories: bool = False) -> Columns:
    """Widths so that every column fits in `width`: the prompt takes what is left.

    Full track names while the prompt keeps 32 columns; then their first words (when
    those tell the tracks apart); then initials; then short kinds. Below that the prompt
    shrinks (and the table scrolls sideways). With `stories` (the library has a story
    bank) the same plans are tried keeping room for a story column too: it takes what the
    prompt spares beyond STORY_PROMPT_KEEP when that is at least STORY_MIN_W (so at 120
    columns tracks read by their first word beside the story); else there is none.
    """
    titles = list(track_titles) or ["Track"]
    fixed = DATE_W + TIME_W + OVER_W + SCORE_W
    room = width - SCROLLBAR_W - 2 * CELL_PADDING * len(BASE_KEYS) - fixed
    plain = _plan(room, titles, 0)
    if not stories:
        return plain
    told = _plan(room, titles, STORY_MIN_W + 2 * CELL_PADDING)
    story = min(STORY_MAX_W, told.prompt - STORY_PROMPT_KEEP - 2 * CELL_PADDING)
    if story < STORY_MIN_W:
        return plain
    return replace(told, prompt=told.prompt - story - 2 * CELL_PADDING, story=story)


def _plan(room: int, titles: list[str], keep: int) -> Columns:
    """The most readable plan that leaves the prompt its plan's width plus `keep`."""
    firsts = [track_label(t, "word") for t in titles]
    for style, short_kind, wanted in _PLANS:
        if style == "word" and len(set(firsts)) < len(firsts):
            continue  # "Product Manager" and "Product Design" would both read "Product"
        longest = max(cell_len(track_label(t, style)) for t in titles)
        track = max(len("Track"), min(longest, TRACK_MAX_W))
        kind = KIND_SHORT_W if short_kind else KIND_W
        prompt = room - track - kind
        if prompt >= wanted + keep:
            break
    return Columns(track, max(prompt, 8), kind, style, short_kind)


def plan_for(width: int, library: Library) -> Columns:
    """`plan_columns` for the library's tracks, with a story column if it has stories."""
    titles = (t.title for t in library.tracks.values())
    return plan_columns(width, titles, stories=bool(library.stories))


def story_label(story_id: str | None, stories: Mapping[str, Story]) -> str:
    """The title of the story an attempt told ("" for none), or its id when the story's
    file is gone."""
    if not story_id:
        return ""
    story = stories.get(story_id)
    return story.title if story is not None else story_id


def clip(value: str, width: int, style: str = "") -> Text:
    """Text cut to `width` cells, ending in "…" when cut; never parsed as markup."""
    text = Text(value, style=style, no_wrap=True, end="")
    if cell_len(value) > width:  # most cells fit: nothing to cut
        text.truncate(width, overflow="ellipsis")
    return text


def fit_elapsed(seconds: float, width: int) -> str:
    """Time spent as history shows it (whole seconds, rounded once as every screen and export
    rounds them), or whole minutes if that is too wide."""
    shown = format_elapsed(whole_seconds(seconds))
    return shown if len(shown) <= width else f"{int(max(0.0, seconds) // 60)}m"


def summary_cells(
    summary: AttemptSummary,
    track_title: str,
    columns: Columns,
    *,
    this_year: int,
    marked: bool = False,
    stories: Mapping[str, Story] | None = None,
) -> tuple[object, ...]:
    """One table row: date, track, prompt, the story told (when the plan has its column),
    kind, time used of the limit, overtime, score.

    Every cell fits its column: nothing depends on DataTable measuring the rows.
    """
    s = summary
    local = (s.submitted_at or s.updated_at).astimezone()
    when = local.strftime("%d %b %H:%M" if local.year == this_year else "%d %b %Y")
    # Titles come from the database: one safe line each, or a control character or a
    # newline in one shifts every column after it.
    title = one_line(s.prompt_title)
    track = track_label(one_line(track_title), columns.track_style)
    kind = KIND_SHORT.get(s.kind, s.kind) if columns.short_kind else s.kind
    limit = format_clock(s.time_limit_s)
    time = f"{fit_elapsed(s.elapsed_s, TIME_W - len(limit) - 1)}/{limit}"
    if len(time) > TIME_W:
        time = fit_elapsed(s.elapsed_s, TIME_W)
    score = f"{s.score}/5" if s.score is not None else ""
    if s.status == "draft":
        score = "draft"
    prompt = clip(MARK + title, columns.prompt, "bold") if marked else None
    told = story_label(s.story_id, stories or {}) if columns.story else ""
    story = (clip(one_line(told), columns.story),) if columns.story else ()
    return (
        clip(when, DATE_W),
        clip(track, columns.track),
        prompt or clip(title, columns.prompt),
        *story,
        clip(one_line(kind), columns.kind),
        clip(time, TIME_W),
        fit_elapsed(s.overtime_s, OVER_W) if s.overtime_s > 0 else "",
        clip(score, SCORE_W),
    )


class HistoryTable(DataTable[object]):
    """History's table. Every column has a planned width (`plan_columns`), so a new row
    needs no measuring: Textual's DataTable measures every cell of every row added (700
    measures a page), which was most of a filter's cost at 100,000 attempts."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        if any(column.auto_width for column in self.columns.values()):
            super()._update_dimensions(new_rows)
        else:  # the widths are known: only the table's size follows the rows
            super()._update_dimensions(())

    def add_rows(self, rows: Iterable[Iterable[CellType]]) -> list[RowKey]:
        """As DataTable.add_rows (rows of height 1, generated keys), with what add_row
        does after each row (re-clamp the cursor, a new update count, an idle check) done
        once for the page: a fifth of a filter's table work, per row, at 60 rows."""
        keys: list[RowKey] = []
        columns = self.ordered_columns
        for cells in rows:
            values = tuple(cells)
            if len(values) > len(columns):
                raise ValueError("More values provided than there are columns.")
            key = RowKey()
            self._row_locations[key] = len(self.rows)
            self._data[key] = {c.key: v for c, v in zip_longest(columns, values)}
            self.rows[key] = Row(key, 1)
            self._new_rows.add(key)
            keys.append(key)
        if not keys:
            return keys
        first_rows = len(self.rows) == len(keys)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if first_rows and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as add_row does for the first row of a table
        self._update_count += 1
        self.check_idle()
        return keys
