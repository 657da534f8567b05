"""The local clipboard tool half of copying (issue 18)."""

from __future__ import annotations

import os
from pathlib import Path

from tui.services.clipboard import copy_with_tool, find_tool


def test_a_tool_is_found_only_with_its_display() -> None:
    installed = {"xclip", "pbcopy"}

    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in installed else None

    assert find_tool({"DISPLAY": ":0"}, which) == ("xclip", "-selection", "clipboard")
    assert find_tool({}, which) == ("pbcopy",)  # no X display: xclip would fail
    assert find_tool({}, lambda _name: None) is None


def test_copy_hands_the_text_to_the_tool(tmp_path: Path) -> None:
    tool = tmp_path / "fake-copy"
    target = tmp_path / "clipboard.txt"
    tool.write_text(f"#!/bin/sh\ncat > {target}\n", encoding="utf-8")
    os.chmod(tool, 0o755)
    assert copy_with_tool("héllo\nworld", [str(tool)])
    assert target.read_text(encoding="utf-8") == "héllo\nworld"


def test_a_failing_or_missing_tool_says_false() -> None:
    assert not copy_with_tool("x", ["false"])
    assert not copy_with_tool("x", ["/nonexistent/tool"])
