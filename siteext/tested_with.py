"""Replace a ``<!-- tested-with -->`` line with the versions the guide was tested with.

The table is built from ``requirements.lock`` every time the site is built, so it can never
disagree with the versions that ``make test`` installs and runs the examples with. Rows are the
project's direct dependencies (the lock file says ``via ... (pyproject.toml)``), in the order
and with the group comments of ``pyproject.toml``'s ``dependencies`` list.

The Python rows come from ``tested-pythons.txt``, which ``make matrix`` (``noxfile.py``)
rewrites: one line per interpreter whose session last passed, ``<version> <date>``. The lock
file's ``--python-version`` is only the oldest Python it was resolved for, not an interpreter
anything ran on, so the table does not show it.

Configure it in ``mkdocs.yml``::

    markdown_extensions:
      - siteext.tested_with:
          lock_file: requirements.lock
          pyproject: pyproject.toml
          interpreters: tested-pythons.txt

and write the marker on a line of its own in a page::

    <!-- tested-with -->
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

MARKER = "<!-- tested-with -->"
INTERPRETERS = "Interpreters (make matrix)"

_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)")
_REQUIREMENT_NAME = re.compile(r"^\s*[\"'](?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)")


def normalize(name: str) -> str:
    """Return a distribution name in the normalized form of PEP 503.

    Args:
        name: A package name as written anywhere, e.g. ``"SQLAlchemy"``.

    Returns:
        The lower-case name with runs of ``-``, ``_`` and ``.`` replaced by one ``-``.
    """
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Interpreter:
    """One Python the matrix ran the whole verification on, and passed.

    Attributes:
        version: The full version, e.g. ``"3.12.1"``.
        passed_on: The date of that run, ``YYYY-MM-DD``.
    """

    version: str
    passed_on: str


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _minor(version: str) -> tuple[int, ...]:
    return _version_key(version)[:2]


def read_interpreters(text: str) -> list[Interpreter]:
    """Parse ``tested-pythons.txt``: ``<version> <date>`` lines; ``#`` starts a comment.

    Returns:
        The interpreters, oldest version first.

    Raises:
        ValueError: On a line that is not a version followed by a date.
    """
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"(\d+\.\d+\.\d+\S*)\s+(\d{4}-\d{2}-\d{2})", line)
        if match is None:
            raise ValueError(f"line {number}: expected '<version> <YYYY-MM-DD>', got {line!r}")
        found.append(Interpreter(match.group(1), match.group(2)))
    return sorted(found, key=lambda interpreter: _version_key(interpreter.version))


def record_interpreter(text: str, version: str, passed_on: str | None) -> str:
    """Return ``tested-pythons.txt`` with the line for ``version``'s minor release replaced.

    Args:
        text: The file's content (comment lines are kept, at the top).
        version: The full version a matrix session ran, e.g. ``"3.13.0"``.
        passed_on: The date it passed, or ``None`` to drop the line: a session calls this
            with ``None`` before it runs, so a run that fails leaves no claim behind.

    Returns:
        The new content, interpreters ordered by version.
    """
    comments = [line for line in text.splitlines() if line.startswith("#")]
    kept = [item for item in read_interpreters(text) if _minor(item.version) != _minor(version)]
    if passed_on is not None:
        kept.append(Interpreter(version, passed_on))
    kept.sort(key=lambda interpreter: _version_key(interpreter.version))
    return "\n".join([*comments, *(f"{item.version} {item.passed_on}" for item in kept)]) + "\n"


@dataclass(frozen=True)
class Pin:
    """One package pinned in the lock file.

    Attributes:
        name: The name as the lock file spells it.
        version: The exact version.
        direct: Whether ``pyproject.toml`` asks for it (not only another package).
    """

    name: str
    version: str
    direct: bool


@dataclass(frozen=True)
class Lock:
    """What the table needs from ``requirements.lock``.

    Attributes:
        pins: Every pinned package, keyed by normalized name.
    """

    pins: dict[str, Pin]


def read_lock(text: str) -> Lock:
    """Parse a hashed requirements file written by ``uv pip compile`` or ``pip-compile``.

    Args:
        text: The file's content.

    Returns:
        The pins, each marked direct when one of its ``# via`` lines names
        ``pyproject.toml``.
    """
    pins: dict[str, Pin] = {}
    current: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if line.startswith("#"):
            continue
        pin = _PIN.match(line)
        if pin:
            current = normalize(pin.group("name"))
            pins[current] = Pin(pin.group("name"), pin.group("version"), direct=False)
            continue
        if current is not None and stripped.startswith("#") and "(pyproject.toml)" in stripped:
            pins[current] = Pin(pins[current].name, pins[current].version, direct=True)
    return Lock(pins)


def read_dependency_groups(text: str) -> list[tuple[str, list[str]]]:
    """Read the ``[project] dependencies`` list of ``pyproject.toml`` with its group comments.

    A comment that stands alone on one line (no comment line right before or after it) and has
    at most eight words starts a group, named by the comment without its final period, e.g.
    ``# The site.``. Longer comments and comment blocks are notes about one requirement and
    are ignored. The group's name is the comment's first sentence.

    Args:
        text: The content of ``pyproject.toml``.

    Returns:
        ``(group, [normalized names])`` pairs in file order; ``group`` is ``""`` for the
        requirements before the first group comment.
    """
    lines = _dependency_lines(text)
    groups: list[tuple[str, list[str]]] = []
    label = ""
    for index, line in enumerate(lines):
        if line.startswith("#"):
            alone = not (index > 0 and lines[index - 1].startswith("#")) and not (
                index + 1 < len(lines) and lines[index + 1].startswith("#")
            )
            words = line.lstrip("#").strip()
            if alone and 0 < len(words.split()) <= 8:
                label = words.split(". ")[0].rstrip(".")
            continue
        for found in re.finditer(r"[\"']([A-Za-z0-9][A-Za-z0-9._-]*)", line):
            _add(groups, label, normalize(found.group(1)))
    return groups


def _dependency_lines(text: str) -> list[str]:
    """The stripped, non-empty lines inside ``[project]``'s ``dependencies = [...]``."""
    found: list[str] = []
    section = ""
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if inside:
            if line.startswith("]"):
                break
            if line:
                found.append(line)
            continue
        if line.startswith("["):
            section = line
            continue
        if section == "[project]" and re.match(r"^dependencies\s*=\s*\[", line):
            rest = line.split("[", 1)[1].strip()
            if rest.startswith("]") or rest.endswith("]"):
                found.append(rest.rstrip("]"))
                break
            inside = True
            if rest:
                found.append(rest)
    return found


def _add(groups: list[tuple[str, list[str]]], label: str, name: str) -> None:
    if not groups or groups[-1][0] != label:
        groups.append((label, []))
    groups[-1][1].append(name)


def table_rows(
    lock: Lock, groups: list[tuple[str, list[str]]], interpreters: list[Interpreter]
) -> list[tuple[str, str, str]]:
    """Return the table's rows: ``(group, package, version)``.

    Args:
        lock: The parsed lock file.
        groups: The dependency groups of ``pyproject.toml``, see `read_dependency_groups`.
        interpreters: The Pythons the matrix passed on, see `read_interpreters`.

    Returns:
        A row per interpreter first, then every direct dependency of the lock file: those
        of ``pyproject.toml`` in its order and groups, then any others by name in a group
        ``"Other"``.

    Raises:
        ValueError: When ``pyproject.toml`` asks for a package the lock file does not pin,
            i.e. the lock file is stale.
    """
    rows = [(INTERPRETERS, "Python", interpreter.version) for interpreter in interpreters]
    seen: set[str] = set()
    for label, names in groups:
        for name in names:
            if name not in lock.pins:
                raise ValueError(f"pyproject.toml depends on {name!r}, which the lock file does not pin")
            pin = lock.pins[name]
            rows.append((label or "Dependencies", pin.name, pin.version))
            seen.add(name)
    for key in sorted(lock.pins):
        pin = lock.pins[key]
        if pin.direct and key not in seen:
            rows.append(("Other", pin.name, pin.version))
    return rows


def render_table(rows: list[tuple[str, str, str]], lock_name: str, interpreters_name: str) -> str:
    """Render the rows as an HTML table, one ``tbody`` with a heading row per group.

    The table itself has no class, so that the theme styles it like any Markdown table; the
    ``div.tested-with`` around it is the hook for the site's own CSS.

    Args:
        rows: As returned by `table_rows`.
        lock_name: The lock file's name, shown in the caption.
        interpreters_name: The interpreters file's name, shown in the caption.

    Returns:
        The HTML of the table.
    """
    parts = [
        '<div class="tested-with">',
        "<table>",
        f"<caption>Exact versions, read from <code>{html.escape(lock_name)}</code> "
        "when this site was built; Python: the interpreters the last <code>make matrix</code> "
        f"passed on (<code>{html.escape(interpreters_name)}</code>)</caption>",
        '<thead><tr><th scope="col">Package</th><th scope="col">Version</th></tr></thead>',
    ]
    group = None
    for label, name, version in rows:
        if label != group:
            if group is not None:
                parts.append("</tbody>")
            parts.append(f'<tbody><tr><th colspan="2" scope="rowgroup">{html.escape(label)}</th></tr>')
            group = label
        if name == "Python":
            package = "Python"
        else:
            url = f"https://pypi.org/project/{html.escape(name)}/{html.escape(version)}/"
            package = f'<a href="{url}">{html.escape(name)}</a>'
        parts.append(f"<tr><td>{package}</td><td><code>{html.escape(version)}</code></td></tr>")
    if group is not None:
        parts.append("</tbody>")
    parts.append("</table>")
    parts.append("</div>")
    return "\n".join(parts)


class TestedWithPreprocessor(Preprocessor):
    """Swap each marker line for the table, stored as raw HTML."""

    def __init__(self, md: Markdown, lock_file: str, pyproject: str, interpreters: str) -> None:
        super().__init__(md)
        self.lock_file = Path(lock_file)
        self.pyproject = Path(pyproject)
        self.interpreters = Path(interpreters)

    def run(self, lines: list[str]) -> list[str]:
        if MARKER not in lines:
            return lines
        lock = read_lock(self.lock_file.read_text(encoding="utf-8"))
        groups = []
        if self.pyproject.is_file():
            groups = read_dependency_groups(self.pyproject.read_text(encoding="utf-8"))
        interpreters = read_interpreters(self.interpreters.read_text(encoding="utf-8"))
        table = render_table(table_rows(lock, groups, interpreters), self.lock_file.name, self.interpreters.name)
        out: list[str] = []
        for line in lines:
            if line == MARKER:
                out.extend(["", self.md.htmlStash.store(table), ""])
            else:
                out.append(line)
        return out


class TestedWithExtension(Extension):
    """Markdown extension that renders the ``<!-- tested-with -->`` table."""

    def __init__(self, **kwargs: object) -> None:
        self.config = {
            "lock_file": ["requirements.lock", "Path of the hashed lock file"],
            "pyproject": ["pyproject.toml", "Path of pyproject.toml (for order and groups)"],
            "interpreters": ["tested-pythons.txt", "Path of the interpreters make matrix passed on"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After fenced code (25) so a marker shown in a code fence stays as it is; before
        # the raw HTML block preprocessor (20), which would stash the comment.
        md.preprocessors.register(
            TestedWithPreprocessor(
                md, self.getConfig("lock_file"), self.getConfig("pyproject"), self.getConfig("interpreters")
            ),
            "tested_with",
            22,
        )


def makeExtension(**kwargs: object) -> TestedWithExtension:  # noqa: N802 (Markdown's API)
    """Entry point that Python-Markdown calls for ``siteext.tested_with``."""
    return TestedWithExtension(**kwargs)
