"""config.toml read strictly (issue 18): every mistake named with its line, defaults kept."""

from __future__ import annotations

import tomllib

from tui.core.model import Problem
from tui.core.settings import (
    PracticeSettings,
    Settings,
    keymap_clashes,
    keymap_problems,
    parse_settings,
    render_settings,
)

GOOD = """\
theme = "nord"

[keymap]
"practice.submit" = "ctrl+enter"
"review.save" = "ctrl+s, f10"

[practice]
words_per_minute = 130
daily_cap = 8
bell = true
reading_minute = true

[clipboard]
method = "tool"
"""


def test_a_good_file_sets_everything_it_names_and_keeps_the_rest() -> None:
    settings, problems = parse_settings(GOOD, "config.toml")
    assert problems == []
    assert settings.theme == "nord"
    assert settings.keymap == {"practice.submit": "ctrl+enter", "review.save": "ctrl+s,f10"}
    assert settings.practice == PracticeSettings(
        words_per_minute=130, daily_cap=8, bell=True, reading_minute=True
    )
    assert settings.clipboard == "tool"


def test_an_empty_file_is_the_defaults() -> None:
    assert parse_settings("", "config.toml") == (Settings(), [])


def test_a_file_that_is_not_toml_names_its_line_and_keeps_the_defaults() -> None:
    settings, problems = parse_settings('theme = "nord"\n[practice\nbell = true\n', "c.toml")
    assert settings == Settings()
    assert len(problems) == 1
    assert problems[0].path == "c.toml"
    assert problems[0].line == 2
    assert problems[0].message.startswith("not valid TOML")
    assert problems[0].message.endswith("the defaults are used")


def test_each_wrong_value_is_named_on_its_line_and_the_default_stands_in() -> None:
    text = """\
theme = 3
colour = "red"

[practice]
words_per_minute = 1000
daily_cap = 2.5
bell = "yes"
speed = 2

[keymap]
"practice.submit" = "ctrl+h"
"review.save" = 5

[clipboard]
method = "pigeon"
"""
    settings, problems = parse_settings(text, "config.toml")
    assert settings == Settings()
    assert [(p.line, p.message) for p in problems] == [
        (1, 'theme must be a theme name in quotes, like "textual-dark"'),
        (2, "unknown setting 'colour' (known: theme, keymap, practice, clipboard)"),
        (5, "words_per_minute must be between 60 and 300"),
        (6, "daily_cap must be a whole number, like 5"),
        (7, "bell must be true or false"),
        (8, "unknown practice setting 'speed'"),
        (
            11,
            "practice.submit: terminals send ctrl+h as backspace, so it could never be "
            "pressed; the default key stays",
        ),
        (12, 'review.save: the key must be text, like "ctrl+s"'),
        (15, 'clipboard method must be "auto", "osc52" or "tool"'),
    ]
    assert all(isinstance(p, Problem) and p.path == "config.toml" for p in problems)


def test_autosave_bounds_must_make_sense_together() -> None:
    text = "[practice]\nautosave_quiet_s = 1.5\nautosave_max_s = 0.5\n"
    settings, problems = parse_settings(text, "config.toml")
    assert settings.practice.autosave_quiet_s == 0.2
    assert settings.practice.autosave_max_s == 0.25
    assert [(p.line, p.message) for p in problems] == [
        (3, "autosave_max_s must not be below autosave_quiet_s")
    ]


def test_keymap_clashes_name_both_binding_ids_and_the_screen() -> None:
    screens = {
        "practice": [
            ("practice.submit", "ctrl+s"),
            ("practice.next", "ctrl+n"),
            ("quit", "ctrl+q"),
        ],
        "review": [("review.save", "ctrl+s"), ("quit", "ctrl+q")],
    }
    assert keymap_clashes({}, screens) == []
    assert keymap_clashes({"practice.next": "ctrl+s", "nothing.here": "x"}, screens) == [
        "keymap: no binding has the id 'nothing.here'",
        "keymap: ctrl+s is bound to both practice.submit and practice.next on practice",
    ]


def test_the_settings_in_effect_print_as_toml_that_reads_back_the_same() -> None:
    settings, _ = parse_settings(GOOD, "config.toml")
    text = render_settings(settings)
    assert tomllib.loads(text)["practice"]["words_per_minute"] == 130
    assert parse_settings(text, "again.toml") == (settings, [])


def test_keymap_problems_point_at_the_remapped_line_and_skip_keys_shared_by_default() -> None:
    text = '[keymap]\n"review.save" = "p"\n"tracks.history" = "Ctrl+H, X"\n'
    settings, problems = parse_settings(text, "config.toml")
    # ctrl+h cannot be sent: the whole entry is refused, at its line.
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(3, "tracks.history")]
    screens = {
        # F5 is Pause or Resume by design: not a clash until one of them is remapped.
        "practice": [("practice.pause", "f5"), ("practice.resume", "f5")],
        "review": [("review.save", "ctrl+s"), ("review.pushback", "p")],
    }
    [clash] = keymap_problems(settings, screens, "config.toml")
    assert clash.line == 2
    assert clash.message == "keymap: p is bound to both review.save and review.pushback on review"


def test_keys_are_named_as_textual_names_them() -> None:
    text = '[keymap]\n"a" = "Ctrl+S"\n"b" = "X"\n"c" = "F5, ctrl + shift + Enter"\n'
    settings, problems = parse_settings(text, "config.toml")
    assert problems == []
    assert dict(settings.keymap) == {"a": "ctrl+s", "b": "X", "c": "f5,ctrl+shift+enter"}
    assert settings.line_of("keymap", "c") == 4
    assert settings.line_of("practice", "bell") == 1  # not set: the top of the file


def test_moving_one_of_two_bindings_that_share_a_key_is_reported() -> None:
    settings, _ = parse_settings('\n[keymap]\n"practice.pause" = "f9"\n', "config.toml")
    own = {"PracticeScreen": [("practice.pause", "f5"), ("practice.resume", "f5")]}
    [problem] = keymap_problems(settings, own, "config.toml", own)
    assert problem.line == 3
    assert problem.message.startswith(
        "keymap: practice.pause and practice.resume share f5 on PracticeScreen"
    )
    both, _ = parse_settings('[keymap]\n"practice.pause" = "f9"\n"practice.resume" = "f9"\n', "x")
    assert keymap_problems(both, own, "config.toml", own) == []
