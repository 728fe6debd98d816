"""BENCHMARKS.md sections that a benchmark owns, between its own start and end marks."""

from __future__ import annotations

from pathlib import Path


def write_section(text: str, start: str, end: str, path: Path) -> None:
    """Replace the section between `start` and `end` in `path` (or append it); everything else stays."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in old and end in old:
        head, rest = old.split(start, 1)
        new = head + text + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new, encoding="utf-8")
