"""Find the code fences of a Markdown page and read their options.

A fence is found wherever MkDocs would render one: at the top level, or indented inside an
admonition, a content tab or a collapsible block. Options follow the README's "Writing a
page" section; anything the plugin does not understand is an error at the fence's line.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
INCLUDE = re.compile(r"""^-+8<-+[ \t]+(?P<quote>["']?)(?P<target>[^"']+)(?P=quote)[ \t]*$""")
# key="value", key='value' or key=value, as superfences reads them.
ATTRIBUTE = re.compile(r"""([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")

PYTHON = {"python", "py", "python3"}
CONFIG = {"toml", "ini", "cfg"}
CLASSES = {"expect-fail", "not-run", "own-namespace"}
HIGHLIGHT_KEYS = {"title", "hl_lines", "linenums"}
DATA_KEYS = {"data-raises", "data-match", "data-reason"}


class FenceError(Exception):
    """Bad Markdown input, reported as ``path:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.line = line


@dataclasses.dataclass(frozen=True)
class Fence:
    """One fenced block: where it is, what language, which options, and its dedented code."""

    path: Path
    line: int  # 1-based line of the opening fence
    indent: str  # what the fence's lines are indented by on the page
    language: str
    classes: frozenset[str]
    options: dict[str, str]
    code: str

    @property
    def first_code_line(self) -> int:
        return self.line + 1

    @property
    def not_run(self) -> bool:
        return "not-run" in self.classes

    @property
    def expect_fail(self) -> bool:
        return "expect-fail" in self.classes

    @property
    def own_namespace(self) -> bool:
        return "own-namespace" in self.classes

    @property
    def includes(self) -> list[str]:
        """The files of an include-only fence; empty for a fence of code."""
        lines = [line for line in self.code.splitlines() if line.strip()]
        found = [INCLUDE.match(line.strip()) for line in lines]
        if not lines or not all(found):
            return []
        return [match["target"] for match in found]

    def padded(self) -> str:
        """The code placed at its page lines, so compiled code reports Markdown line numbers."""
        return "\n" * self.line + self.code


def read_fences(path: Path, text: str) -> list[Fence]:
    """Every fence of the page, in order; python and config fences have checked options."""
    lines = text.splitlines()
    fences = []
    index = 0
    while index < len(lines):
        opening = OPENING.match(lines[index])
        if opening and opening["fence"][0] == "`" and "`" in opening["info"]:
            # Markdown does not treat this line as a fence; say so where a fence was meant.
            if _looks_like_example(opening["info"]):
                raise FenceError(path, index + 1, "a backtick in the info string makes this no fence at all")
            opening = None
        if not opening:
            index += 1
            continue
        indent, marker = opening["indent"], opening["fence"]
        closing = re.compile(rf"^{re.escape(indent)}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        if end == len(lines):
            raise FenceError(path, index + 1, f"unterminated code fence {marker!r}")
        body = [_dedent(line, indent) for line in lines[index + 1 : end]]
        language, classes, options = _parse_info(path, index + 1, opening["info"])
        fence = Fence(path, index + 1, indent, language, classes, options, "\n".join(body) + "\n")
        if language in PYTHON | CONFIG:
            _check_options(fence)
        fences.append(fence)
        index = end + 1
    return fences


def _looks_like_example(info: str) -> bool:
    return info.startswith("{") or info.split(" ")[0].lower() in PYTHON | CONFIG


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip()


def _parse_info(path: Path, line: int, info: str) -> tuple[str, frozenset[str], dict[str, str]]:
    """Split an info string into language, classes and key=value options."""
    if info.startswith("{"):
        if not info.endswith("}"):
            raise FenceError(path, line, f"unclosed attribute list in {info!r}")
        rest = info[1:-1]
        options = {m[1]: next(v for v in m.groups()[1:] if v is not None) for m in ATTRIBUTE.finditer(rest)}
        words = ATTRIBUTE.sub(" ", rest).split()
        strays = [word for word in words if not word.startswith((".", "#"))]
        if strays:
            raise FenceError(path, line, f"unknown fence option {strays[0]!r}")
        classes = [word[1:] for word in words if word.startswith(".")]
        language = classes.pop(0) if classes else ""
        return language.lower(), frozenset(classes), options
    language, _, rest = info.partition(" ")
    options = {m[1]: next(v for v in m.groups()[1:] if v is not None) for m in ATTRIBUTE.finditer(rest)}
    strays = ATTRIBUTE.sub(" ", rest).split()
    if strays and language.lower() in PYTHON | CONFIG:
        raise FenceError(path, line, f"unknown fence option {strays[0]!r}")
    return language.lower(), frozenset(), options


def _check_options(fence: Fence) -> None:
    fail = lambda message: FenceError(fence.path, fence.line, message)  # noqa: E731
    for name in sorted(fence.classes - CLASSES):
        raise fail(f"unknown fence option '.{name}' (known: {', '.join(sorted(CLASSES))})")
    for key in sorted(set(fence.options) - HIGHLIGHT_KEYS - DATA_KEYS):
        raise fail(f"unknown fence option {key!r}")
    if fence.not_run and fence.expect_fail:
        raise fail("a fence cannot be both .not-run and .expect-fail")
    if fence.not_run and not fence.options.get("data-reason", "").strip():
        raise fail('.not-run needs a reason the reader can see: data-reason="..."')
    if fence.expect_fail and not fence.options.get("data-raises", "").strip():
        raise fail('.expect-fail needs the exception it fails with: data-raises="..."')
    if not fence.expect_fail and {"data-raises", "data-match"} & set(fence.options):
        raise fail("data-raises and data-match need .expect-fail")
    if not fence.not_run and "data-reason" in fence.options:
        raise fail("data-reason needs .not-run")
    if fence.language in CONFIG and fence.classes - {"not-run"}:
        raise fail("a config fence takes no option but .not-run")
