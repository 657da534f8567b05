"""ContentIndex: incremental reloads, last good versions, and the disk cache."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

import tui.library.loader
from tui.library import cache as content_cache
from tui.library.loader import ContentIndex
from tui.library.parse import parse_content

PROMPT = """---
title: {title}
kind: case
scaffold: steps
minutes: 15
---
The question.
"""


@pytest.fixture
def parse_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths parsed from bytes, in order (cache hits and untouched files don't count)."""
    seen: list[str] = []

    def counting(*args: object, **kwargs: object) -> object:
        seen.append(str(args[2]))
        return parse_content(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tui.library.loader, "parse_content", counting)
    return seen


def prompt(title: str) -> str:
    return PROMPT.format(title=title)


def test_apply_changes_rereads_only_the_given_paths(root: Path, parse_count: list[str]) -> None:
    index = ContentIndex([root])
    index.load()
    parse_count.clear()
    story = root / "tracks" / "demo" / "story.md"
    story.write_text(story.read_text().replace("A time you disagreed", "Edited title"))
    library = index.apply_changes([story])
    assert parse_count == [str(story)]
    assert library.prompts["demo-story"].title == "Edited title"


def test_each_publish_is_a_new_snapshot(root: Path) -> None:
    index = ContentIndex([root])
    first = index.load()
    story = root / "tracks" / "demo" / "story.md"
    story.unlink()
    second = index.apply_changes([story])
    assert "demo-story" in first.prompts  # the old snapshot is untouched
    assert "demo-story" not in second.prompts
    with pytest.raises(TypeError):
        second.prompts["x"] = first.prompts["demo-story"]  # type: ignore[index]


def test_new_file_and_deleted_file(root: Path) -> None:
    index = ContentIndex([root])
    index.load()
    new = root / "tracks" / "demo" / "new.md"
    new.write_text(prompt("New"))
    assert "new" in index.apply_changes([new]).prompts
    new.unlink()
    assert "new" not in index.apply_changes([new]).prompts


def test_broken_edit_keeps_the_last_good_version(root: Path) -> None:
    index = ContentIndex([root])
    index.load()
    story = root / "tracks" / "demo" / "story.md"
    good = story.read_text()
    story.write_text(good.replace("minutes: 4", "minuts: 4"))
    library = index.apply_changes([story])
    assert library.prompts["demo-story"].minutes == 4  # still the last good version
    (problem,) = library.problems
    assert problem.path == str(story)
    assert 'unknown key "minuts"' in problem.message
    assert "last good version stays in use" in problem.message
    story.write_text(good.replace("minutes: 4", "minutes: 6"))
    library = index.apply_changes([story])
    assert library.problems == ()
    assert library.prompts["demo-story"].minutes == 6


def test_half_written_file_is_fixed_by_a_later_event(root: Path) -> None:
    index = ContentIndex([root])
    index.load()
    story = root / "tracks" / "demo" / "story.md"
    full = story.read_text().replace("A time you disagreed", "Rewritten")
    story.write_text(full[:20])  # caught mid-write: an unclosed fence
    library = index.apply_changes([story])
    assert library.prompts["demo-story"].title == "A time you disagreed"
    assert library.problems
    story.write_text(full)
    library = index.apply_changes([story])
    assert library.problems == ()
    assert library.prompts["demo-story"].title == "Rewritten"


def test_editor_save_through_a_temp_file_and_rename(root: Path) -> None:
    index = ContentIndex([root])
    index.load()
    story = root / "tracks" / "demo" / "story.md"
    temp = root / "tracks" / "demo" / ".story.md.swp"
    temp.write_text(story.read_text().replace("A time you disagreed", "Saved by vim"))
    numbered = root / "tracks" / "demo" / "4913"  # vim's write test file, already gone
    os.replace(temp, story)
    # watchfiles delivers the batch unordered, with the temp name and vim's probe in it.
    library = index.apply_changes([temp, numbered, story, temp])
    assert library.prompts["demo-story"].title == "Saved by vim"
    assert library.problems == ()


def test_rename_a_file(root: Path) -> None:
    index = ContentIndex([root])
    index.load()
    old = root / "tracks" / "demo" / "story.md"
    new = root / "tracks" / "demo" / "renamed.md"
    old.rename(new)
    library = index.apply_changes([new, old])
    assert library.prompts["demo-story"].path == str(new)  # the id comes from front matter
    assert library.problems == ()


def test_new_folder_and_renamed_folder(root: Path) -> None:
    index = ContentIndex([root])
    index.load()
    folder = root / "tracks" / "demo" / "fresh"
    folder.mkdir()
    (folder / "one.md").write_text(prompt("One"))
    (folder / "two.md").write_text(prompt("Two"))
    library = index.apply_changes([folder])  # only the folder is reported
    assert {"one", "two"} <= set(library.prompts)
    moved = root / "tracks" / "demo" / "moved"
    folder.rename(moved)
    library = index.apply_changes([folder, moved])
    assert library.prompts["one"].path == str(moved / "one.md")
    assert library.problems == ()


def test_deleted_folder_takes_its_files(root: Path) -> None:
    index = ContentIndex([root])
    index.load()
    cases = root / "tracks" / "demo" / "cases"
    shutil.rmtree(cases)
    library = index.apply_changes([cases])
    assert "demo-case" not in library.prompts
    # The round named demo-case: it is now a cross-file problem, and so left out.
    assert "demo-round" not in library.rounds
    assert any('prompt "demo-case" does not exist' in p.message for p in library.problems)


def test_new_track_folder_makes_its_prompts_valid(root: Path) -> None:
    index = ContentIndex([root])
    index.load()
    orphan = root / "tracks" / "other" / "p.md"
    orphan.parent.mkdir()
    orphan.write_text(prompt("Orphan"))
    library = index.apply_changes([orphan])
    assert any("has no valid track.md" in p.message for p in library.problems)
    track = orphan.parent / "track.md"
    track.write_text("---\ntitle: Other\n---\nOverview.\n")
    library = index.apply_changes([track])
    assert library.problems == ()
    assert library.prompts["p"].track == "other"


def test_paths_outside_the_roots_and_non_content_are_ignored(root: Path, tmp_path: Path) -> None:
    index = ContentIndex([root])
    before = index.load()
    stray = tmp_path / "elsewhere.md"
    stray.write_text("junk")
    notes = root / "tracks" / "demo" / "notes.txt"
    notes.write_text("junk")
    after = index.apply_changes([stray, notes, root / "tracks" / "demo" / "missing.md"])
    assert after.prompts == before.prompts
    assert after.problems == ()


def test_relative_roots_and_absolute_event_paths(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root.parent)
    index = ContentIndex([Path("content")])
    index.load()
    story = root / "tracks" / "demo" / "story.md"  # watchers report absolute paths
    story.write_text(story.read_text().replace("A time you disagreed", "Absolute"))
    library = index.apply_changes([story])
    assert library.prompts["demo-story"].title == "Absolute"
    assert library.prompts["demo-story"].path == os.path.join(
        "content", "tracks", "demo", "story.md"
    )


# --- disk cache ----------------------------------------------------------------------------


def test_cache_makes_a_later_start_parse_nothing(
    root: Path, tmp_path: Path, parse_count: list[str]
) -> None:
    cache = tmp_path / "cache" / "index.json"
    first = ContentIndex([root], cache).load()
    assert cache.exists()
    assert len(parse_count) == 5
    parse_count.clear()
    second = ContentIndex([root], cache).load()
    assert parse_count == []
    assert second == first


def test_a_start_whose_files_are_all_cached_imports_no_parser(root: Path, tmp_path: Path) -> None:
    """The parser and PyYAML are imported at the first file that must be parsed: on a start
    with every file in the cache, the loading thread beside the first frame skips ~30 ms of
    imports. One file changed, and they are."""
    cache = tmp_path / "cache" / "index.json"
    ContentIndex([root], cache).load()
    code = (
        "import sys; from pathlib import Path; from tui.library.loader import ContentIndex;"
        f" library = ContentIndex([Path({str(root)!r})], Path({str(cache)!r})).load();"
        " assert library.prompts, library.problems;"
        " print(sorted(m for m in sys.modules if m == 'yaml' or m.startswith('tui.library.')"
        " and m.rsplit('.', 1)[1] in ('parse', 'fields', 'frontmatter', 'sanitize')))"
    )

    def imported() -> str:
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert imported() == "[]"
    edited = root / "tracks" / "demo" / "cases" / "demo-case.md"
    edited.write_text(edited.read_text() + "\nOne more line.\n")
    assert "'yaml'" in imported()


def test_cache_rereads_changed_files_only(
    root: Path, tmp_path: Path, parse_count: list[str]
) -> None:
    cache = tmp_path / "index.json"
    ContentIndex([root], cache).load()
    parse_count.clear()
    story = root / "tracks" / "demo" / "story.md"
    story.write_text(story.read_text() + "\nMore words.\n")
    library = ContentIndex([root], cache).load()
    assert parse_count == [str(story)]
    assert library.prompts["demo-story"].question.endswith("More words.")


def _sealed(body: bytes) -> bytes:
    """`body` behind a valid header and checksum, as if this parser had written it."""
    return content_cache._header() + zlib.crc32(body).to_bytes(4, "big") + body


def _cached_files(cache: Path) -> dict[str, tuple[object, ...]]:
    raw = cache.read_bytes()
    header = content_cache._header()
    assert raw.startswith(header)
    files: dict[str, tuple[object, ...]] = marshal.loads(raw[len(header) + 4 :])[1]
    return files


@pytest.mark.parametrize(
    "corruption",
    [
        b"",
        b"not a cache",
        b"{}",
        b'{"signature": 1}',
        b"\x00\xff" * 50,
        b"[1, 2, 3]",
        _sealed(b"\x00\xff" * 50),  # a valid seal over bytes marshal cannot read
        _sealed(marshal.dumps([1, 2, 3])),  # readable, but not a cache's shape
        _sealed(marshal.dumps(((), {"x": (1, 2)}, None))),
    ],
)
def test_corrupt_cache_is_ignored_and_rebuilt(
    root: Path, tmp_path: Path, corruption: bytes
) -> None:
    cache = tmp_path / "index.json"
    expected = ContentIndex([root], cache).load()
    cache.write_bytes(corruption)
    assert ContentIndex([root], cache).load() == expected
    assert _cached_files(cache)  # rebuilt


def test_torn_cache_is_ignored(root: Path, tmp_path: Path, parse_count: list[str]) -> None:
    cache = tmp_path / "index.json"
    expected = ContentIndex([root], cache).load()
    raw = bytearray(cache.read_bytes())
    raw[-3] ^= 0x20  # one flipped bit in a string: marshal would read it as a valid record
    cache.write_bytes(bytes(raw))
    parse_count.clear()
    assert ContentIndex([root], cache).load() == expected
    assert len(parse_count) == 5  # the checksum refused the whole cache


def test_cache_with_bad_records_is_ignored(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "index.json"
    expected = ContentIndex([root], cache).load()
    files = {
        key: (*entry[:5], ("too", "few"))  # a record that cannot build a model object
        for key, entry in _cached_files(cache).items()
    }
    cache.write_bytes(_sealed(marshal.dumps(((str(root),), files, None))))
    assert ContentIndex([root], cache).load() == expected


def test_cache_with_a_bad_kind_is_ignored(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "index.json"
    expected = ContentIndex([root], cache).load()
    files = {key: (entry[0], "nonsense", *entry[2:]) for key, entry in _cached_files(cache).items()}
    cache.write_bytes(_sealed(marshal.dumps(((str(root),), files, None))))
    assert ContentIndex([root], cache).load() == expected


def test_cache_from_another_parser_is_not_read(
    root: Path, tmp_path: Path, parse_count: list[str]
) -> None:
    cache = tmp_path / "index.json"
    ContentIndex([root], cache).load()
    raw = cache.read_bytes()
    header = content_cache._header()
    cache.write_bytes(header.replace(b"caseroom-index 2", b"caseroom-index 1") + raw[len(header) :])
    parse_count.clear()
    ContentIndex([root], cache).load()
    assert len(parse_count) == 5


def test_cache_for_other_roots_is_not_used(
    root: Path, tmp_path: Path, parse_count: list[str]
) -> None:
    cache = tmp_path / "index.json"
    ContentIndex([root], cache).load()
    parse_count.clear()
    other = tmp_path / "other"
    shutil.copytree(root, other)
    ContentIndex([other], cache).load()
    assert len(parse_count) == 5


def test_unwritable_cache_location_is_harmless(root: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    library = ContentIndex([root], blocker / "index.json").load()
    assert len(library.prompts) == 2


def test_cache_is_written_atomically(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "index.json"
    ContentIndex([root], cache).load()
    assert [p.name for p in tmp_path.iterdir()] == ["content", "index.json"]  # no temp left


def test_save_cache_after_changes(root: Path, tmp_path: Path, parse_count: list[str]) -> None:
    cache = tmp_path / "index.json"
    index = ContentIndex([root], cache)
    index.load()
    assert index.save_cache() is False  # nothing new since load wrote it
    story = root / "tracks" / "demo" / "story.md"
    story.write_text(story.read_text() + "\nMore.\n")
    index.apply_changes([story])
    assert index.save_cache() is True
    parse_count.clear()
    ContentIndex([root], cache).load()
    assert parse_count == []


def test_broken_files_are_cached_as_problems(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "index.json"
    bad = root / "tracks" / "demo" / "bad.md"
    bad.write_text("---\ntitle: x\n")
    first = ContentIndex([root], cache).load()
    second = ContentIndex([root], cache).load()
    assert first.problems == second.problems
    assert first.problems[0].path == str(bad)


def test_a_load_of_the_command_puts_what_it_made_out_of_the_collectors_reach(
    tmp_path: Path,
) -> None:
    """freeze_gc (the installed command's): the library's objects are frozen before the
    collector is switched back on, so no collection walks them all right after the load.
    Off by default: tests share a process, and frozen garbage would stay for good."""
    import gc

    root = tmp_path / "content"
    (root / "tracks" / "t").mkdir(parents=True)
    for n in range(3):
        (root / "tracks" / "t" / f"p{n}.md").write_text(prompt(f"Prompt {n}"))
    gc.unfreeze()
    try:
        ContentIndex([root]).load()
        assert gc.get_freeze_count() == 0
        ContentIndex([root], freeze_gc=True).load()
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()
