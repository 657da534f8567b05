"""Text from content files made safe to show: no control characters, no terminal escape
sequences, no invisible or direction-changing characters.

Content files are written by people (and sometimes by people who mean harm); everything
read from them passes `sanitize_text` before it can reach the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Escape sequences first (so their parameters go too), then any lone control character.
# CSI `ESC [ ... final`, OSC/DCS/SOS/PM/APC strings up to BEL or ST, and two-byte escapes.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
)
# C0 and C1 controls (not tab, not newline), and the two noncharacters libyaml refuses.
_CONTROL_RANGES = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0xFFFE, 0xFFFF))
# Characters that change the order text is shown in, or are invisible and can hide,
# split or disguise text ("Trojan Source": a title shown as one thing, stored as another).
# They are removed without a problem being reported: see content/README.md.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),  # soft hyphen (shown or not depending on the terminal)
    (0x180E, 0x180E),  # Mongolian vowel separator (invisible since Unicode 6.3)
    (0x200B, 0x200B),  # zero-width space
    (0x202A, 0x202E),  # bidi embeddings and overrides: LRE RLE PDF LRO RLO
    (0x2060, 0x2064),  # word joiner, invisible math operators
    (0x2066, 0x206F),  # bidi isolates LRI RLI FSI PDI; deprecated format characters
    (0xFEFF, 0xFEFF),  # zero-width no-break space (a byte-order mark inside the text)
    (0xFFF9, 0xFFFB),  # interlinear annotation (hides or reveals a stretch of text)
    (0x1D173, 0x1D17A),  # musical format characters
    (0xE0001, 0xE0001),  # language tag
    # Tag characters can spell whole hidden sentences. Their one legitimate use, a
    # subdivision flag (U+1F3F4, tags, U+E007F: England's flag), is kept by _INVISIBLE.
    (0xE0020, 0xE007F),
)
# Kept, on purpose, though invisible: U+200D ZERO WIDTH JOINER builds emoji sequences
# (family, woman technologist) and Indic conjuncts; U+200C ZERO WIDTH NON-JOINER is part
# of correct spelling in Persian, Urdu, Hindi and others; U+200E/U+200F/U+061C (LRM, RLM,
# ALM) are how right-to-left text is written correctly and act as one letter of their
# direction (they cannot reverse a stretch of text as an override or an isolate does);
# variation selectors (U+FE0E/U+FE0F: text or emoji style) pick a glyph. None of them
# makes text read as something other than it is, and ids (the only text used as a key)
# are plain ASCII anyway.


def _class_body(ranges: Iterable[tuple[int, int]]) -> str:
    """The inside of a regex character class holding `ranges` of code points."""
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)


def _complement(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every code point outside `ranges` (sorted, not overlapping), as ranges."""
    rest: list[tuple[int, int]] = []
    start = 0
    for low, high in ranges:
        if low > start:
            rest.append((start, low - 1))
        start = high + 1
    rest.append((start, 0x10FFFF))
    return rest


#: Any character sanitize_text removes, written as "none of the safe characters": a clean
#: character leaves the class at its first test, so a scan of clean text (nearly every
#: file) costs what it did before the invisible characters joined the list (listing the
#: unsafe ranges instead made it 3x slower).
_UNSAFE = re.compile(f"[^{_class_body(_complement(sorted(_CONTROL_RANGES + _INVISIBLE_RANGES)))}]")
_CONTROLS = re.compile(f"[{_class_body(_CONTROL_RANGES)}]")
# A subdivision flag (kept whole: group 1), else any invisible character (removed).
_INVISIBLE = re.compile(
    f"(\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f)|[{_class_body(_INVISIBLE_RANGES)}]"
)


def sanitize_text(text: str) -> str:
    """`text` without control characters (tab and newline kept), terminal escapes, or
    invisible and direction-changing characters (`_INVISIBLE_RANGES`).

    Nothing read from a content file may reach the terminal as an escape sequence, and
    what is shown reads in the order it is stored.
    """
    if not _UNSAFE.search(text):  # the common case costs one scan and no copy
        return text
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", _ESCAPES.sub("", text))
    return _INVISIBLE.sub(_keep_flag, text)


def one_line(text: str) -> str:
    """`text` made safe (`sanitize_text`) and put on one line: every run of whitespace,
    newlines and tabs included, becomes one space. For titles shown in a row or a heading
    (a newline in a title broke history's columns and a markdown heading)."""
    return " ".join(sanitize_text(text).split())


def _keep_flag(match: re.Match[str]) -> str:
    return match.group(1) or ""
