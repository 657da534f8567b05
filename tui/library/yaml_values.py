"""What the YAML of a front matter is built into: key paths, the built value with each
key's line and each typed scalar's text as written, and the YAML 1.1 typing of unquoted
scalars (as PyYAML's SafeLoader does it).

Shared by the two ways a front matter is read: the plain fast path (`yaml_fast`) and
libyaml's event stream (`frontmatter`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

KeyPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_CONSTRUCTOR = SafeConstructor()
# The only implicit types a front-matter value may have; anything else the resolver
# produces (`<<` merge keys, `=` value keys) is refused.
SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}

# PyYAML's implicit resolvers, by first character (Resolver.resolve without the overhead).
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = Resolver.yaml_implicit_resolvers


@dataclass
class Built:
    """A front matter as read: its value, the line of every key and list item, and the
    text written for every scalar typed as something other than text."""

    value: dict[str, object]
    lines: dict[KeyPath, int]
    raw: dict[KeyPath, str]


def plain_value(text: str, path: KeyPath, raw: dict[KeyPath, str]) -> object:
    """An unquoted scalar typed the YAML 1.1 way (as SafeLoader would), noting `raw`."""
    if text and text[0] not in _IMPLICIT:  # most words: no implicit type starts this way
        return text
    if text.isdigit() and text.isascii() and (text[0] != "0" or text == "0"):
        raw[path] = text  # a plain decimal int, the commonest non-text value
        return int(text)
    tag = resolve(text)
    if tag == _STR:
        return text
    raw[path] = text
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, text))
    except (ConstructorError, ValueError, OverflowError, KeyError):
        return text


def resolve(text: str) -> str:
    """The tag YAML 1.1 gives an unquoted scalar (str, int, bool, null, ...)."""
    for tag, pattern in _IMPLICIT.get(text[0] if text else "", ()):
        if pattern.match(text):
            return tag
    for tag, pattern in _IMPLICIT.get(None, ()):
        if pattern.match(text):
            return tag
    return _STR
