"""The compatibility data of the examples: what ``make compat`` measured, and how the site shows it.

``compat/outcomes.json`` (written by ``make compat``; contract in ``COMPAT_SPEC.md``) says, for
every example that runs, whether it passed in each environment of ``compat/environments.toml``.
This module loads and validates that file and names each example by `example_key`, the one
definition the runner and the site share.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from mdpytest.examples import Example

SCHEMA = 1
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
    outcomes: dict[str, Outcome]


@dataclasses.dataclass(frozen=True)
class CompatData:
    path: str
    baseline: Environment
    packages: dict[str, str]  # the baseline's versions
    environments: tuple[Environment, ...]  # without the baseline, in the file's order
    pages: dict[str, dict[str, Measured]]  # docs/page.md -> example key -> outcomes

    def environment(self, env_id: str) -> Environment:
        return next(env for env in (self.baseline, *self.environments) if env.id == env_id)


def load(path: Path) -> CompatData:
    """Read and validate ``outcomes.json``; raises `CompatDataError` naming what is wrong."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CompatDataError(f"{path}: not JSON: {error}") from None
    return parse(raw, str(path))


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
        if axis != "python" and axis not in changed:
            raise check.error(f"{where}.changed", f"does not name the axis {axis!r}")
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
            for env_id in [i for i in [base_id, *(e.id for e in environments)] if i not in outcomes]:
                raise check.error(f"{where}.outcomes", f"no outcome for environment {env_id!r}")
            if outcomes[base_id].status != PASSED:
                raise check.error(f"{where}.outcomes[{base_id!r}]", "every example must pass on the baseline")
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
