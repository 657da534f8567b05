"""The markdown body of a content file read as structure: its `## ` sections (outside code
fences), the items of a list, the term of a glossary item."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LIST_ITEM = re.compile(r"( {0,3})(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_FENCE = re.compile(r" {0,3}(```|~~~)")
_HEADING = re.compile(r"^## (.*)$", re.MULTILINE)
# em dash, en dash (written as an escape: it looks like a hyphen), hyphen, colon
_GLOSSARY_SEPARATORS = (" — ", " \u2013 ", " - ", ": ")


@dataclass(frozen=True)
class Section:
    """A `## ` section of a body: its heading, its line offset in the body, its text."""

    name: str
    offset: int
    text: str


@dataclass(frozen=True)
class Sections:
    """A body split at its `## ` headings (headings inside code fences do not count)."""

    intro: str
    sections: tuple[Section, ...]


def split_sections(body: str) -> Sections:
    """Split `body` at level-two headings."""
    if "## " not in body:  # rounds, scaffolds, most track bodies: nothing to split
        return Sections(body, ())
    if "```" not in body and "~~~" not in body:
        return _split_unfenced(body)
    return _split_lines(body)


def _split_lines(body: str) -> Sections:
    """`split_sections` line by line, skipping headings inside code fences."""
    intro: list[str] = []
    sections: list[Section] = []
    current: list[str] = intro
    name = ""
    offset = 0
    fence = ""
    for number, line in enumerate(body.split("\n")):
        opened = _FENCE.match(line)
        if fence:
            if line.strip().startswith(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        elif line.startswith("## "):
            if current is not intro:
                sections.append(Section(name, offset, "\n".join(current)))
            name = line[3:].strip().rstrip("#").strip()
            offset = number
            current = []
            continue
        current.append(line)
    if current is not intro:
        sections.append(Section(name, offset, "\n".join(current)))
    return Sections("\n".join(intro), tuple(sections))


def _split_unfenced(body: str) -> Sections:
    """`split_sections` for a body without code fences: the same result, by regex."""
    headings = list(_HEADING.finditer(body))
    if not headings:
        return Sections(body, ())
    intro = body[: max(headings[0].start() - 1, 0)]
    sections: list[Section] = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() - 1 if index + 1 < len(headings) else len(body)
        name = heading.group(1).strip().rstrip("#").strip()
        offset = body.count("\n", 0, heading.start())
        sections.append(Section(name, offset, body[heading.end() + 1 : end]))
    return Sections(intro, tuple(sections))


def list_items(text: str) -> list[str]:
    """The top-level items of the markdown list in `text`, each joined onto one line.

    Lines under an item (lazy continuation, or indented after a blank line, including
    nested items) belong to it; other text between items is ignored.
    """
    items: list[list[str]] = []
    top_indent: int | None = None
    in_item = False
    after_blank = False
    for line in text.split("\n"):
        match = _LIST_ITEM.match(line)
        if match and (top_indent is None or len(match.group(1)) <= top_indent):
            top_indent = len(match.group(1))
            items.append([match.group(2) or ""])
            in_item, after_blank = True, False
        elif not line.strip():
            after_blank = True
        elif in_item and (not after_blank or line[:1].isspace()):
            items[-1].append(line.strip())
            after_blank = False
        else:
            in_item = False
    joined = (" ".join(" ".join(parts).split()) for parts in items)
    return [item for item in joined if item]


def glossary_term(item: str) -> str:
    """The term of a glossary item: the text before ` — `, ` - ` or `: `."""
    cut = len(item)
    for separator in _GLOSSARY_SEPARATORS:
        position = item.find(separator)
        if 0 < position < cut:
            cut = position
    term = item[:cut].strip()
    return term.replace("**", "").replace("__", "").strip("*_` ")
