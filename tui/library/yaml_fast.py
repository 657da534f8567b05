"""The fast path of front-matter parsing: the plain subset of YAML, read line by line.

Almost every front matter is flat `key: value` lines, `[a, b]` lists and `- item` lists.
For exactly that subset, parsing line by line gives the same result as libyaml at a
fraction of the cost (libyaml's event stream alone is ~100 µs a file, most of a first
load). Anything outside the subset -- quotes, comments after values, nesting, multi-line
values, duplicate keys -- returns None and goes through libyaml (`tui.library.frontmatter`).
tests/library/test_frontmatter.py checks the two paths agree on generated input.
"""

from __future__ import annotations

import re

from tui.library.yaml_values import Built, KeyPath, plain_value

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*?))? *")
_ITEM_LINE = re.compile(r"( *)- +(.*?) *")
# A plain scalar that means the same in YAML as it reads: starts with a letter or digit,
# no tab, no `#` (comments), no `: ` and no trailing `:` (mapping indicators).
_PLAIN = re.compile(r"[^\W_][^\t#]*")
# Inside `[...]`, also none of the flow indicators and no colon at all.
_FLOW_ITEM = re.compile(r"[^\W_][^\t#:,\[\]{}]*")
# Line breaks to YAML besides \n (NEL is stripped as a C1 control) and the byte-order
# mark, which libyaml refuses inside a document: leave such text to libyaml.
_NOT_FAST = re.compile("[\u2028\u2029\ufeff]")


def _plain_ok(text: str) -> bool:
    return _PLAIN.fullmatch(text) is not None and ": " not in text and text[-1] != ":"


def fast_build(yaml_text: str, line_offset: int) -> Built | None:
    """The front matter read line by line, or None when it is not in the plain subset."""
    if _NOT_FAST.search(yaml_text):
        return None
    meta: dict[str, object] = {}
    lines: dict[KeyPath, int] = {}
    raw: dict[KeyPath, str] = {}
    open_list: list[object] | None = None  # the `- item` list being filled
    open_key = ""
    item_indent = -1
    for number, line in enumerate(yaml_text.split("\n"), start=line_offset + 1):
        stripped = line.strip()
        if not stripped or stripped[0] == "#":
            continue
        if open_list is not None:
            item = _ITEM_LINE.fullmatch(line)
            if item is not None:
                indent = len(item.group(1))
                if item_indent not in (-1, indent) or not _plain_ok(item.group(2)):
                    return None
                item_indent = indent
                path: KeyPath = (open_key, len(open_list))
                lines[path] = number
                open_list.append(plain_value(item.group(2), path, raw))
                continue
            if not open_list:
                meta[open_key] = None  # `key:` with nothing under it
                raw[(open_key,)] = ""
            open_list = None
        match = _KEY_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), match.group(2)
        if key in meta:
            return None  # libyaml's path reports the duplicate with both lines
        lines[(key,)] = number
        if not value:
            open_list, open_key, item_indent = [], key, -1
            meta[key] = open_list
        elif value[0] == "[":
            flow = _flow_list(value, key, number, lines, raw)
            if flow is None:
                return None
            meta[key] = flow
        elif _plain_ok(value):
            meta[key] = plain_value(value, (key,), raw)
        else:
            return None
    if open_list is not None and not open_list:
        meta[open_key] = None
        raw[(open_key,)] = ""
    return Built(meta, lines, raw)


def _flow_list(
    value: str, key: str, number: int, lines: dict[KeyPath, int], raw: dict[KeyPath, str]
) -> list[object] | None:
    if value[-1] != "]":
        return None
    inner = value[1:-1].strip()
    if not inner:
        return []
    result: list[object] = []
    for index, part in enumerate(inner.split(",")):
        text = part.strip()
        if _FLOW_ITEM.fullmatch(text) is None:
            return None
        path: KeyPath = (key, index)
        lines[path] = number
        result.append(plain_value(text, path, raw))
    return result
