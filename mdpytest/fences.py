"""Find the code fences of a Markdown page as MkDocs renders them, and read their info strings.

Lines are split the way Python-Markdown splits them (a leading BOM dropped; ``\\r\\n``, ``\\r``
and ``\\n`` end a line, nothing else does), so every reported line is the editor's line. A
fence is found wherever SuperFences renders one: at the top level, indented inside an
admonition, a content tab, a collapsible block or a list, and inside block quotes. Which
fences hold Python is decided the way the renderer decides it: by the Pygments lexer that
the language name selects.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from pygments.lexers import get_lexer_by_name
from pygments.lexers.python import Python2Lexer, PythonConsoleLexer, PythonLexer
from pygments.util import ClassNotFound

OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
QUOTE = re.compile(r"^ {0,3}> ?")
# key="value", key='value' or key=value, as SuperFences reads them.
ATTRIBUTE = re.compile(r"""([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")

CONFIG = {"toml", "ini", "cfg"}


class FenceError(Exception):
    """Bad Markdown input, reported as ``path:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.line = line


@functools.cache
def language_kind(language: str) -> str | None:
    """What the renderer shows a fence of this language as.

    ``"python"`` (highlighted as Python code), ``"console"`` (a Python console session),
    ``"python2"``, ``"config"`` (TOML or INI), or ``None`` for anything else.
    """
    if language.lower() in CONFIG:
        return "config"
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return None
    for kind, cls in (("python", PythonLexer), ("console", PythonConsoleLexer), ("python2", Python2Lexer)):
        if type(lexer) is cls:
            return kind
    return None


@dataclasses.dataclass(frozen=True)
class Fence:
    """One fenced block: where it is, what language, which options, and its dedented code."""

    path: Path | str
    line: int  # 1-based line of the opening fence
    indent: str  # what precedes the opening fence on its line: block-quote markers and spaces
    language: str  # lower case, as written after the fence (or the first class)
    classes: frozenset[str]
    options: dict[str, str]
    code: str

    @property
    def kind(self) -> str | None:
        return language_kind(self.language) if self.language else None

    def padded(self) -> str:
        """The code placed at its page lines, so compiled code reports Markdown line numbers."""
        return "\n" * self.line + self.code


def page_lines(text: str) -> list[str]:
    """The page's lines as Python-Markdown reads them (MkDocs drops a BOM first)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_fences(path: Path | str, text: str) -> list[Fence]:
    """Every fence of the page, in order."""
    raw = page_lines(text)
    fences = []
    index = 0
    while index < len(raw):
        depth, quote, content = _unquote(raw[index])
        opening = OPENING.match(content)
        if opening and opening["fence"][0] == "`" and "`" in opening["info"]:
            # Markdown does not treat this line as a fence; say so where an example was meant.
            if _looks_like_example(opening["info"]):
                raise FenceError(path, index + 1, "a backtick in the info string makes this no fence at all")
            opening = None
        if not opening:
            index += 1
            continue
        indent, marker = opening["indent"], opening["fence"]
        closing = re.compile(rf"^{re.escape(indent)}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        body = []
        end = index + 1
        while end < len(raw) and (inner := _inside(raw[end], depth)) is not None and not closing.match(inner):
            body.append(_dedent(inner, indent))
            end += 1
        if end == len(raw) or _inside(raw[end], depth) is None:
            raise FenceError(path, index + 1, f"unterminated code fence {marker!r}")
        language, classes, options = _parse_info(path, index + 1, opening["info"])
        fences.append(Fence(path, index + 1, quote + indent, language, classes, options, "\n".join(body) + "\n"))
        index = end + 1
    return fences


def _unquote(line: str) -> tuple[int, str, str]:
    """(block-quote depth, the quote markers, the rest of the line)."""
    depth, quote = 0, ""
    while match := QUOTE.match(line):
        depth, quote, line = depth + 1, quote + match[0], line[match.end() :]
    return depth, quote, line


def _inside(line: str, depth: int) -> str | None:
    """A line of a fence at block-quote ``depth`` without its markers; None if the quote ended.

    Only ``depth`` markers are taken off: inside the fence, ``>>>`` is code.
    """
    for _ in range(depth):
        match = QUOTE.match(line)
        if not match:
            return None
        line = line[match.end() :]
    return line


def _looks_like_example(info: str) -> bool:
    first = info.split(" ")[0].lstrip(".")
    return info.startswith("{") or language_kind(first) is not None


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip()


def _parse_info(path: Path | str, line: int, info: str) -> tuple[str, frozenset[str], dict[str, str]]:
    """Split an info string into language, classes and key=value options."""
    if info.startswith("{"):
        if not info.endswith("}"):
            raise FenceError(path, line, f"unclosed attribute list in {info!r}")
        rest = info[1:-1]
        options = _options(rest)
        words = ATTRIBUTE.sub(" ", rest).split()
        strays = [word for word in words if not word.startswith((".", "#"))]
        if strays:
            raise FenceError(path, line, f"unknown fence option {strays[0]!r}")
        classes = [word[1:] for word in words if word.startswith(".")]
        language = classes.pop(0) if classes else ""
        # SuperFences takes the first class as the language: a later one would show the
        # reader plain text where the author meant code.
        for name in classes:
            if language_kind(name) is not None:
                raise FenceError(path, line, f"the language must be the first class: write {{ .{name} ... }}")
        return language.lower(), frozenset(classes), options
    language, _, rest = info.partition(" ")
    language = language.removeprefix(".")  # ```.python renders as Python
    strays = ATTRIBUTE.sub(" ", rest).split()
    if strays and language_kind(language) is not None:
        raise FenceError(path, line, f"unknown fence option {strays[0]!r}")
    return language.lower(), frozenset(), _options(rest)


def _options(text: str) -> dict[str, str]:
    return {m[1]: next(v for v in m.groups()[1:] if v is not None) for m in ATTRIBUTE.finditer(text)}
