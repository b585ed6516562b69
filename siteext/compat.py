"""The compatibility data of the examples: what ``make compat`` measured, and how the site shows it.

``compat/outcomes.json`` (written by ``make compat``; contract in ``COMPAT_SPEC.md``) says, for
every example that runs, whether it passed in each environment of ``compat/environments.toml``.
This module loads and validates that file, names each example by `example_key` (the one
definition the runner and the site share), decides whether the data is stale (`stale`, called by
the build and by ``tests/site/test_compat_data.py``), and writes what the site shows: one line
under an example that behaves differently somewhere (`compat_line`) and the migration page's
table (`axis_table`). ``siteext/compat_hooks.py`` wires these into MkDocs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify, unique
from packaging.version import InvalidVersion, Version

from mdpytest.examples import Example, Page, read_page
from mdpytest.fences import page_lines, read_fences
from siteext.tested_with import normalize

SCHEMA = 1
DATA_FILE = "compat/outcomes.json"
DOCS = "docs"
TABLE_MARKER = re.compile(r"^<!-- compat-table: (?P<axis>[\w.-]+) -->$")
RUNNABLE_KINDS = frozenset({"code", "await", "console", "config"})
PASSED, NOT_MEASURED, FAILED = "passed", "n/a", "failed"
_KEY = re.compile(r"^[0-9a-f]{16}$")


def example_key(example: Example) -> str:
    """The example's identity in the data: a hash of its code as the page shows it.

    Not its line, so that editing the prose around an example leaves the data current.
    """
    return hashlib.sha256(example.fence.code.encode()).hexdigest()[:16]


def is_runnable(example: Example) -> bool:
    """Whether the data must hold an outcome for this example (``.not-run`` ones have none)."""
    return example.kind in RUNNABLE_KINDS and example.not_run is None


class CompatDataError(ValueError):
    """``outcomes.json`` does not follow schema 1; the message names the file and the field."""


@dataclasses.dataclass(frozen=True)
class Outcome:
    status: str  # passed, failed, n/a
    error: str | None = None  # the first line of the error, for failed


@dataclasses.dataclass(frozen=True)
class Environment:
    id: str
    axis: str | None  # the package (or "python") changed from the lock; None for the baseline
    label: str
    python: str
    changed: dict[str, str]  # package -> version, as installed there
    translated_config: bool = False


@dataclasses.dataclass(frozen=True)
class Measured:
    """One example's outcomes, keyed by environment id."""

    line: int  # where the example was when measured; for people only
    outcomes: dict[str, Outcome]  # an environment not run yet for it is missing (`stale` says so)

    def __getitem__(self, env_id: str) -> Outcome:
        return self.outcomes.get(env_id, Outcome(NOT_MEASURED))


@dataclasses.dataclass(frozen=True)
class CompatData:
    path: str
    baseline: Environment
    packages: dict[str, str]  # the baseline's versions
    environments: tuple[Environment, ...]  # without the baseline, in the file's order
    pages: dict[str, dict[str, Measured]]  # docs/page.md -> example key -> outcomes


def load(path: Path, name: str | None = None) -> CompatData:
    """Read and validate ``outcomes.json``; raises `CompatDataError` naming what is wrong.

    ``name`` is the file as errors and messages show it (default: ``path``).
    """
    name = name or str(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CompatDataError(f"{name}: not JSON: {error}") from None
    return parse(raw, name)


def parse(raw: Any, name: str) -> CompatData:
    """Validate decoded JSON against schema 1; ``name`` is the file shown in errors."""
    check = _Checker(name)
    check.kind(raw, dict, "the top level")
    if raw.get("schema") != SCHEMA:
        raise check.error("schema", f"expected {SCHEMA}, got {raw.get('schema')!r}")
    for field in ("baseline", "environments", "pages"):
        if field not in raw:
            raise check.error(field, "missing")
    extra = set(raw) - {"schema", "baseline", "environments", "pages"}
    if extra:
        raise check.error(sorted(extra)[0], "unknown field")

    base = raw["baseline"]
    check.kind(base, dict, "baseline")
    base_id = check.string(base.get("id"), "baseline.id")
    python = check.string(base.get("python"), "baseline.python")
    packages = check.versions(base.get("packages"), "baseline.packages")
    baseline = Environment(base_id, None, base_id, python, {})

    check.kind(raw["environments"], list, "environments")
    environments = []
    ids = {base_id}
    for index, env in enumerate(raw["environments"]):
        where = f"environments[{index}]"
        check.kind(env, dict, where)
        env_id = check.string(env.get("id"), f"{where}.id")
        if env_id in ids:
            raise check.error(f"{where}.id", f"duplicate environment id {env_id!r}")
        ids.add(env_id)
        axis = check.string(env.get("axis"), f"{where}.axis")
        changed = check.versions(env.get("changed"), f"{where}.changed")
        if axis != "python" and normalize(axis) not in {normalize(name) for name in changed}:
            raise check.error(f"{where}.changed", f"does not name the axis {axis!r}")
        if axis != "python" and normalize(axis) not in {normalize(name) for name in packages}:
            raise check.error("baseline.packages", f"no version of {axis!r}, the axis of {where}")
        translated = env.get("translated_config", False)
        check.kind(translated, bool, f"{where}.translated_config")
        environments.append(
            Environment(
                env_id,
                axis,
                check.string(env.get("label"), f"{where}.label"),
                check.string(env.get("python"), f"{where}.python"),
                changed,
                translated,
            )
        )

    check.kind(raw["pages"], dict, "pages")
    pages: dict[str, dict[str, Measured]] = {}
    for page, examples in raw["pages"].items():
        if not (page.startswith("docs/") and page.endswith(".md")):
            raise check.error(f"pages[{page!r}]", "expected a page path like 'docs/page.md'")
        check.kind(examples, dict, f"pages[{page!r}]")
        pages[page] = {}
        for key, entry in examples.items():
            where = f"pages[{page!r}][{key!r}]"
            if not _KEY.match(key):
                raise check.error(where, "an example key is 16 lower-case hex digits (siteext.compat.example_key)")
            check.kind(entry, dict, where)
            line = entry.get("line")
            if not isinstance(line, int) or isinstance(line, bool) or line < 1:
                raise check.error(f"{where}.line", f"expected a line number, got {line!r}")
            check.kind(entry.get("outcomes"), dict, f"{where}.outcomes")
            outcomes = {
                env_id: check.outcome(value, f"{where}.outcomes[{env_id!r}]")
                for env_id, value in entry["outcomes"].items()
            }
            for env_id in sorted(set(outcomes) - ids):
                raise check.error(f"{where}.outcomes[{env_id!r}]", "no such environment")
            if outcomes.get(base_id, Outcome(NOT_MEASURED)).status == FAILED:
                raise check.error(f"{where}.outcomes[{base_id!r}]", "no example may fail on the baseline")
            pages[page][key] = Measured(line, outcomes)
    return CompatData(name, baseline, packages, tuple(environments), pages)


class _Checker:
    def __init__(self, name: str):
        self.name = name

    def error(self, where: str, message: str) -> CompatDataError:
        return CompatDataError(f"{self.name}: {where}: {message} (schema {SCHEMA}, see COMPAT_SPEC.md)")

    def kind(self, value: Any, expected: type, where: str) -> None:
        if not isinstance(value, expected):
            raise self.error(where, f"expected a JSON {_JSON_NAMES[expected]}, got {type(value).__name__}")

    def string(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value:
            raise self.error(where, f"expected a non-empty string, got {value!r}")
        return value

    def versions(self, value: Any, where: str) -> dict[str, str]:
        self.kind(value, dict, where)
        for package, version in value.items():
            self.string(version, f"{where}[{package!r}]")
        return dict(value)

    def outcome(self, value: Any, where: str) -> Outcome:
        if value in (PASSED, NOT_MEASURED):
            return Outcome(value)
        if isinstance(value, dict) and set(value) == {FAILED} and isinstance(value[FAILED], str):
            return Outcome(FAILED, value[FAILED])
        raise self.error(where, f"expected 'passed', 'n/a' or {{'failed': '<error>'}}, got {value!r}")


_JSON_NAMES = {dict: "object", list: "array", bool: "boolean", str: "string"}


# -- Staleness -------------------------------------------------------------------------------


def read_pages(root: Path) -> dict[str, Page]:
    """Every page under ``docs/``, keyed ``docs/page.md``, read by the model the collector uses."""
    return {
        file.relative_to(root).as_posix(): read_page(file, file.relative_to(root).as_posix(), root)
        for file in sorted((root / DOCS).rglob("*.md"))
    }


def refresh_command(page: str | None = None) -> str:
    return f"make compat PAGES={page}" if page else "make compat"


def stale(data: CompatData, pages: dict[str, Page]) -> list[str]:
    """What makes the data out of date with the pages, one message per problem; [] when current.

    An example runs (`is_runnable`) but has no outcomes, or not in every environment (a run
    with ``ENVS=`` measured only some), or the data holds outcomes of an example (or a page)
    that is gone. The data is keyed by code, so editing only the prose
    around an example keeps it current.
    """
    problems = []
    for path, page in pages.items():
        measured = data.pages.get(path, {})
        keys = set()
        for example in page.examples:
            if not is_runnable(example):
                continue
            keys.add(key := example_key(example))
            if key not in measured:
                problems.append(
                    f"{example.where}: no outcomes for this example in {data.path} (new or changed code); "
                    f"run `{refresh_command(path)}` or `{refresh_command()}`"
                )
            elif missing := [
                env.id for env in (data.baseline, *data.environments) if env.id not in measured[key].outcomes
            ]:
                problems.append(
                    f"{example.where}: no outcome in {', '.join(missing)} for this example in {data.path}; "
                    f"run `{refresh_command(path)}`"
                )
        for key, entry in measured.items():
            if key not in keys:
                problems.append(
                    f"{path}:{entry.line}: {data.path} holds an example this page no longer has "
                    f"(key {key}, measured at line {entry.line}); run `{refresh_command(path)}` or `{refresh_command()}`"
                )
    for path in sorted(set(data.pages) - set(pages)):
        if data.pages[path]:
            problems.append(
                f"{data.path}: holds outcomes for {path}, which no longer exists; run `{refresh_command()}`"
            )
    return problems


def check(root: Path) -> tuple[CompatData | None, dict[str, Page], list[str]]:
    """The data under ``root``, the pages, and what is stale; no data and no problems without the file."""
    pages = read_pages(root)
    file = root / DATA_FILE
    if not file.is_file():
        return None, pages, []
    data = load(file, DATA_FILE)
    return data, pages, stale(data, pages)


# -- The line under an example ---------------------------------------------------------------

ERROR_CHARS = 60  # of an error shown in the line; the title holds all of it
LINE_CHARS = 160  # clauses past this are counted, not shown; the title holds them all
_WHERE = re.compile(r"^\S+\.md:\d+: ")  # the runner's "docs/page.md:LINE: " before its own messages


@dataclasses.dataclass(frozen=True)
class Line:
    clauses: tuple[str, ...]  # plain text, joined by " · "
    details: tuple[str, ...]  # plain text of every measurement that differed, for the title

    @property
    def text(self) -> str:
        shown = list(self.clauses[:1])
        for clause in self.clauses[1:]:
            if len(" · ".join([*shown, clause])) > LINE_CHARS:
                break
            shown.append(clause)
        rest = len(self.clauses) - len(shown)
        return " · ".join(shown) + (f" · {rest} more" if rest else "")


def axis_name(axis: str) -> str:
    return "Python" if axis == "python" else axis


def axis_version(data: CompatData, env: Environment, axis: str) -> Version | None:
    """The version of ``axis`` installed in ``env``; None when absent or not a version."""
    if axis == "python":
        raw = env.python
    else:
        versions = data.packages if env is data.baseline else env.changed
        raw = {normalize(name): version for name, version in versions.items()}.get(normalize(axis))
    try:
        return Version(raw) if raw else None
    except InvalidVersion:
        return None


def axes(data: CompatData) -> dict[str, list[Environment]]:
    """The environments of each axis, in the file's order."""
    found: dict[str, list[Environment]] = {}
    for env in data.environments:
        found.setdefault(env.axis, []).append(env)
    return found


def passing_range(points: list[tuple[Version, bool]]) -> tuple[Version | None, Version | None] | None:
    """(lowest, highest) passing version, None for an open end, when the passes are contiguous.

    ``points`` are (version, passed); None when the passes do not form one range with failures
    only outside it.
    """
    ordered = sorted(points)
    passed = [index for index, (_, ok) in enumerate(ordered) if ok]
    if not passed or any(not ok for _, ok in ordered[passed[0] : passed[-1] + 1]):
        return None
    low = ordered[passed[0]][0] if passed[0] > 0 else None
    high = ordered[passed[-1]][0] if passed[-1] < len(ordered) - 1 else None
    return low, high


def range_clause(name: str, low: Version | None, high: Version | None) -> str:
    if low and high:
        return f"needs {low} ≤ {name} ≤ {high}"
    return f"needs {name} ≥ {low}" if low else f"needs {name} ≤ {high}"


def shorten(text: str, limit: int = ERROR_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def compat_line(data: CompatData, measured: Measured) -> Line | None:
    """What the reader should know about where this example behaves as shown; None if everywhere.

    Per axis, failures all on one side of the passing versions (two or more of them) read as a
    range, "needs pytest-asyncio ≥ 0.24.0"; other failures as "fails on <label> with <error>",
    the versions with the same error in one clause. "n/a" (not measurable there) is left out:
    it says nothing about the example.
    """
    outcomes = measured
    clauses, details = [], []
    for axis, envs in axes(data).items():
        failed = [env for env in envs if outcomes[env.id].status == FAILED]
        if not failed:
            continue
        details.extend(f"{env.label}: {outcomes[env.id].error}" for env in failed)
        versions = {env.id: axis_version(data, env, axis) for env in (data.baseline, *envs)}
        points = [
            (versions[env.id], outcomes[env.id].status == PASSED)
            for env in (data.baseline, *envs)
            if outcomes[env.id].status != NOT_MEASURED and versions[env.id] is not None
        ]
        ordered = len(failed) >= 2 and all(versions[env.id] is not None for env in failed)
        bounds = passing_range(points) if ordered else None
        if bounds:
            clauses.append(range_clause(axis_name(axis), *bounds))
            continue
        by_error: dict[str, list[Environment]] = {}
        for env in failed:
            by_error.setdefault(shorten(_WHERE.sub("", outcomes[env.id].error)), []).append(env)
        for error, group in by_error.items():
            clauses.append(f"fails on {_labels(axis, group, versions)} with {error}")
    return Line(tuple(clauses), tuple(details)) if clauses else None


def _labels(axis: str, envs: list[Environment], versions: dict[str, Version | None]) -> str:
    """One environment's label, or the axis and the versions of several: "pytest-asyncio 0.23.8, 1.0.0"."""
    if len(envs) == 1 or any(versions[env.id] is None for env in envs):
        return ", ".join(env.label for env in envs)
    return f"{axis_name(axis)} " + ", ".join(str(versions[env.id]) for env in envs)


# HTML's special characters, and those Markdown's inline patterns act on, as references.
_SAFE = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}|"}


def safe_text(text: str) -> str:
    """``text`` as HTML that Markdown leaves as it is, in content or in an attribute's value."""
    return text.translate(_SAFE)


def line_html(line: Line) -> str:
    title = "Measured by make compat. " + "; ".join(line.details)
    return f'<span class="compat-line" title="{safe_text(title)}">{safe_text(line.text)}</span>'


def fence_end(example: Example) -> int:
    """The 1-based line of the example's closing fence."""
    return example.line + example.fence.code.count("\n") + 1


def lines_after(page: Page, data: CompatData) -> dict[int, list[str]]:
    """Page line of a closing fence -> the Markdown to put after it: the example's compat line.

    A paragraph indented like the fence, so that it stays in its tab, admonition, list item
    or quote.
    """
    measured = data.pages.get(page.path, {})
    after = {}
    for example in page.examples:
        entry = measured.get(example_key(example)) if is_runnable(example) else None
        if entry and (line := compat_line(data, entry)):
            indent = example.fence.indent
            after[fence_end(example)] = [indent.rstrip(), indent + line_html(line), indent.rstrip()]
    return after


def render(markdown: str, source: str, page: Page, data: CompatData | None) -> tuple[str, list[str]]:
    """The page's Markdown with its compat lines and tables, and the problems met doing so.

    ``markdown`` is what MkDocs renders: ``source``, the page's file, without its front
    matter. Positions are taken from ``source``, so the problems name the editor's lines.
    """
    source_lines = page_lines(source)
    lines = page_lines(markdown)
    offset = len(source_lines) - len(lines)
    if offset < 0 or source_lines[offset:] != lines:
        return markdown, [f"{page.path}: its Markdown was changed before the compat hook; no compat lines"]
    problems = []
    replace = {}
    for number, axis in table_markers(page, source):
        if data is None:
            replace[number] = [NO_DATA]
            continue
        try:
            replace[number] = axis_table(data, page, source, axis)
        except ValueError as error:
            problems.append(f"{page.path}:{number}: {error}")
    after = lines_after(page, data) if data is not None else {}
    out = []
    for number, text in enumerate(lines, start=offset + 1):
        out.extend(replace.get(number, [text]))
        out.extend(after.get(number, []))
    return "\n".join(out), problems


# -- The migration page's table --------------------------------------------------------------

NO_DATA = f"*No compatibility data yet: `{refresh_command()}` writes `{DATA_FILE}`.*"
MARKS = {PASSED: "✓", FAILED: "✗", NOT_MEASURED: "–"}


def table_markers(page: Page, source: str) -> list[tuple[int, str]]:
    """(line, axis) of each ``<!-- compat-table: AXIS -->`` line outside the page's fences."""
    in_fence = _fence_lines(page.path, source)
    return [
        (number, match["axis"])
        for number, text in enumerate(page_lines(source), start=1)
        if number not in in_fence and (match := TABLE_MARKER.match(text))
    ]


def axis_table(data: CompatData, page: Page, source: str, axis: str) -> list[str]:
    """Markdown for a table of the page's examples that behave differently on ``axis``.

    A column per version of ``axis`` measured (the lock's among them), a row per example,
    linked to its section. Raises ``ValueError`` when the data has no environment on ``axis``.
    """
    envs = axes(data).get(axis)
    if not envs:
        raise ValueError(f"{data.path} has no environments on the axis {axis!r}")
    columns = sorted((data.baseline, *envs), key=lambda env: axis_version(data, env, axis) or Version("0"))
    name = axis_name(axis)
    sections = _sections(page.path, source)
    measured = data.pages.get(page.path, {})
    rows = []
    for example in page.examples:
        entry = measured.get(example_key(example)) if is_runnable(example) else None
        if entry is None or all(entry[env.id].status != FAILED for env in envs):
            continue
        cells = [_cell(entry[env.id]) for env in columns]
        rows.append(f"| {_example_label(example, sections)} | " + " | ".join(cells) + " |")
    if not rows:
        versions = ", ".join(str(axis_version(data, env, axis)) for env in columns)
        return [f"Every example on this page behaves the same on {name} {versions}."]
    headers = [f"{axis_version(data, env, axis)}" + (" (the lock)" if env is data.baseline else "") for env in columns]
    by_changes: dict[str, list[str]] = {}
    for env in columns:
        if env is not data.baseline and (changes := _ran_with(env, axis)):
            by_changes.setdefault(changes, []).append(str(axis_version(data, env, axis)))
    others = [f"{', '.join(versions)} ran with {changes}" for changes, versions in by_changes.items()]
    legend = (
        f"Measured by `{refresh_command()}` with each {name} version below and everything else from the lock"
        + (f" ({'; '.join(others)})" if others else "")
        + ". ✓: the example behaves as this page shows (one shown failing fails that way); "
        "✗: it does not (hover for the error); –: not measurable there."
    )
    return [
        legend,
        "",
        f"| Example, by {name} version | " + " | ".join(headers) + " |",
        "| --- | " + " | ".join(":-:" for _ in headers) + " |",
        *rows,
    ]


def _ran_with(env: Environment, axis: str) -> str:
    """What else differed from the lock in ``env``, for the table's legend; "" when nothing."""
    changes = [
        f"{package} {version}" for package, version in env.changed.items() if normalize(package) != normalize(axis)
    ]
    if env.translated_config:
        changes.append("the pytest configuration translated to options it knows")
    return ", ".join(changes)


def _cell(outcome: Outcome) -> str:
    mark = MARKS[outcome.status]
    if outcome.error:
        return f'<span title="{safe_text(outcome.error)}">{mark}</span>'
    return mark


def _fence_lines(path: str, source: str) -> set[int]:
    lines = set()
    for fence in read_fences(path, source):
        lines.update(range(fence.line, fence.line + fence.code.count("\n") + 2))
    return lines


HEADING = re.compile(r"^(#{1,6})[ \t]+(?P<text>.+?)(?:[ \t]+#+)?[ \t]*$")


def _sections(path: str, source: str) -> list[tuple[int, str, str]]:
    """(line, heading text, anchor) of each heading, with the ids the toc extension gives them."""
    in_fence = _fence_lines(path, source)
    found, used = [], set()
    for number, text in enumerate(page_lines(source), start=1):
        if number not in in_fence and (match := HEADING.match(text)):
            plain = match["text"].replace("`", "")
            found.append((number, match["text"], unique(slugify(plain, "-"), used)))
    return found


def _example_label(example: Example, sections: list[tuple[int, str, str]]) -> str:
    above = [section for section in sections if section[0] < example.line]
    what = ", ".join(f"`{name}`" for name in example.tests) or f"the example at line {example.line}"
    if example.expected is not None:
        what += " (shown failing)"
    if not above:
        return what
    _, heading, anchor = above[-1]
    return f"[{heading.replace('|', '&#124;')}](#{anchor}): {what}"
