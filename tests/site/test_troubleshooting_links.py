"""Every troubleshooting entry links to an executed example that produces its error.

An entry of ``docs/troubleshooting.md`` is a ``###`` heading whose first code span is the
error text a reader searches for (``...`` stands for any text), followed by its cause, its
fix and links of the form ``page.md#anchor``. At least one linked section must contain an
executed fence that produces that error:

- an ``.expect-fail`` fence whose ``data-match`` finds the error text, or whose
  ``data-match`` is found by it; or, for an entry that names only an exception class, whose
  ``data-raises`` is that class;
- or an executed fence (expected to fail or not) whose code contains the error text, or a
  string of at least 12 characters that is part of it: the message a ``pytester`` run
  looks for in pytest's output, or the ``match`` of a ``pytest.raises``.

Entries in ``NOT_REPRODUCED`` must still link somewhere; they say on the page why no
example runs.

A section runs from its heading to the next heading of the same or a higher level.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest

from mdpytest.fences import Fence, read_fences

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGE = DOCS / "troubleshooting.md"

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
FENCE_EDGE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"\]\(([\w-]+\.md)#([^)\s]+)\)")
CODE_SPAN = re.compile(r"(`+)\s*(.+?)\s*\1")

# Entries whose error cannot be reproduced safely in this suite: start of the error -> why.
NOT_REPRODUCED = {
    "MissingGreenlet": "the failed lazy load leaves an aiosqlite coroutine that is never "
    "awaited, and with warnings as errors that fails whichever test runs next",
}


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    anchor: str


def headings(text: str) -> list[Heading]:
    """ATX headings outside code fences, with the ids Python-Markdown's toc gives them."""
    found = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE_EDGE.match(line):
            in_fence = not in_fence
        elif not in_fence and (match := HEADING.match(line)):
            found.append((number, len(match[1]), line))
    html = markdown.Markdown(extensions=["toc", "attr_list"]).convert("\n\n".join(line for _, _, line in found))
    anchors = re.findall(r'<h[1-6] id="([^"]*)"', html)
    assert len(anchors) == len(found)
    return [Heading(number, level, anchor) for (number, level, _), anchor in zip(found, anchors, strict=True)]


def section(page: Path, anchor: str) -> tuple[str, list[Fence]]:
    """The text and the fences of the section under ``anchor`` on ``page``."""
    text = page.read_text(encoding="utf-8")
    heads = headings(text)
    matching = [head for head in heads if head.anchor == anchor]
    assert matching, f"{page.name} has no heading with the anchor #{anchor}"
    start = matching[0]
    end = next(
        (head.line for head in heads if head.line > start.line and head.level <= start.level),
        len(text.splitlines()) + 1,
    )
    lines = text.splitlines()[start.line - 1 : end - 1]
    fences = [fence for fence in read_fences(page.relative_to(ROOT), text) if start.line < fence.line < end]
    return "\n".join(lines), fences


def error_pattern(error: str) -> re.Pattern[str]:
    """The error text as a pattern in which ``...`` stands for any text."""
    return re.compile(".*?".join(re.escape(part.strip()) for part in error.split("...")), re.S)


def string_literals(code: str) -> list[str]:
    """The string constants in ``code``, without fnmatch's ``*`` at either end."""
    try:
        tree = ast.parse(code)
    except SyntaxError:  # top-level await: the page's own run checks the syntax
        tree = compile(code, "<fence>", "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    return [
        node.value.strip("* ")
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def reproduces(fence: Fence, error: str) -> bool:
    """Whether running ``fence`` produces ``error``, judged from its options or its code."""
    if "not-run" in fence.classes or fence.kind != "python":
        return False
    pattern = error_pattern(error)
    if "expect-fail" in fence.classes:
        match = fence.options.get("data-match")
        raises = fence.options.get("data-raises", "").rsplit(".", 1)[-1]
        if raises == error:
            return True
        if match and (re.search(match, error) or pattern.search(match) or pattern.search(f"{raises}: {match}")):
            return True
    if pattern.search(fence.code):
        return True
    # A message checked in the code: pytest.raises(match=...), fnmatch_lines([...]), ...
    return any(len(text) >= 12 and text in error for text in string_literals(fence.code))


@dataclass(frozen=True)
class Entry:
    line: int
    error: str
    links: tuple[tuple[str, str], ...]


def entries() -> list[Entry]:
    text = PAGE.read_text(encoding="utf-8")
    lines = text.splitlines()
    heads = [head for head in headings(text) if head.level == 3]
    found = []
    for index, head in enumerate(heads):
        end = heads[index + 1].line if index + 1 < len(heads) else len(lines) + 1
        title = lines[head.line - 1]
        span = CODE_SPAN.search(title)
        if span is None:
            continue  # not an error entry
        body = "\n".join(lines[head.line : end - 1])
        found.append(Entry(head.line, span[2], tuple(LINK.findall(body))))
    return found


ENTRIES = entries()


def test_the_page_has_entries():
    assert len(ENTRIES) >= 15


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.error[:40] for entry in ENTRIES])
def test_entry_links_to_an_example_that_produces_it(entry):
    assert entry.links, f"troubleshooting.md:{entry.line}: {entry.error!r} links nowhere"
    sections = {}
    for page_name, anchor in entry.links:
        page = DOCS / page_name
        assert page.exists(), f"troubleshooting.md:{entry.line}: no page {page_name}"
        sections[f"{page_name}#{anchor}"] = section(page, anchor)[1]
    if any(reproduces(fence, entry.error) for fences in sections.values() for fence in fences):
        return
    if any(entry.error.startswith(start) for start in NOT_REPRODUCED):
        return
    pytest.fail(
        f"troubleshooting.md:{entry.line}: no executed example producing {entry.error!r} in {', '.join(sections)}"
    )


def test_the_error_pattern_treats_dots_as_any_text():
    pattern = error_pattern("coroutine '...' was never awaited")
    assert pattern.search("RuntimeWarning: coroutine 'save' was never awaited")
    assert not pattern.search("coroutine 'save' was awaited")


def test_a_not_run_fence_reproduces_nothing():
    fence = Fence(
        path=Path("docs/x.md"),
        line=1,
        indent="",
        language="python",
        classes=frozenset({"not-run"}),
        options={"data-reason": "r"},
        code="raise RuntimeError('Event loop is closed')",
    )
    assert not reproduces(fence, "Event loop is closed")
