"""Export equals page: every example has the same outcome through the plugin and exported.

Each page runs twice, in processes of their own: through mdpytest, and as the modules
``mdpytest.export`` writes, under plain pytest (``-p no:mdpytest``). Per test id the outcomes
(passed, failed, skipped) must be equal. The items the plugin adds for examples that are not
tests (``test_fence_L<line>`` of plain code and includes) have no counterpart: in the export
that code runs when the module is imported, so they must pass and the module must import.
Runs over the site's pages and over the engine's own pages in ``tests/engine/pages``.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from mdpytest.examples import read_page
from mdpytest.export import export, module_stem

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def start(cwd: Path, args: list[str], record: Path) -> subprocess.Popen:
    env = {**os.environ, "RECORD_OUTCOMES": str(record), "PYTHONPATH": str(HERE)}
    env.pop("PYTEST_XDIST_WORKER", None)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "record_outcomes",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        "-q",
        *args,
    ]
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def outcomes_of(project: Path, tmp_path: Path) -> tuple[dict, dict]:
    """(through the plugin, exported) outcome records for the pages of ``project``."""
    out = tmp_path / "exported"
    export(out, root=project)
    shutil.copytree(project / "snippets", out / "snippets", dirs_exist_ok=True)
    plugin, exported = tmp_path / "plugin.json", tmp_path / "exported.json"
    # One after the other: both would start the PostgreSQL page's throwaway server at once.
    for run in (lambda: start(project, ["docs"], plugin), lambda: start(out, ["-p", "no:mdpytest", "."], exported)):
        process = run()
        output, _ = process.communicate(timeout=600)
        assert process.returncode in (0, 1), output[-3000:]
    return json.loads(plugin.read_text()), json.loads(exported.read_text())


def exported_id(nodeid: str) -> str:
    """``docs/a-b.md::L12::test_x[1]`` -> ``test_a_b__L12.py::test_x[1]``."""
    page, _, rest = nodeid.partition("::")
    stem = module_stem(Path(page).resolve(), Path("docs").resolve())
    if own := re.match(r"L(\d+)::(.*)", rest):
        return f"{stem}__L{own[1]}.py::{own[2]}"
    return f"{stem}.py::{rest}"


def compare(project: Path, plugin: dict, exported: dict) -> list[str]:
    differences = []
    if plugin["broken"] or exported["broken"]:
        differences.append(f"collection errors: plugin {plugin['broken']}, export {exported['broken']}")
    without_counterpart = {}
    for page in sorted((project / "docs").rglob("*.md")):
        model = read_page(page, page.relative_to(project).as_posix(), project)
        for example in model.examples:
            if example.not_run is None and (
                example.kind == "include" or (example.kind == "code" and not example.tests and not example.expected)
            ):
                without_counterpart[f"{model.path}::{example.item_name}"] = model.path
    seen = set()
    for nodeid, outcome in plugin["outcomes"].items():
        if nodeid.endswith(".md"):  # a whole page skipped at collection
            key = module_stem(Path(nodeid).resolve(), Path("docs").resolve()) + ".py"
        elif nodeid in without_counterpart:
            if outcome != "passed":
                differences.append(f"{nodeid}: {outcome} through the plugin, imported in the export")
            continue
        else:
            key = exported_id(nodeid)
        seen.add(key)
        if exported["outcomes"].get(key) != outcome:
            differences.append(
                f"{nodeid}: {outcome} through the plugin, {exported['outcomes'].get(key)} exported ({key})"
            )
    extra = [key for key in exported["outcomes"] if key not in seen and not key.endswith("::test_page_examples_ran")]
    differences += [f"{key}: only in the export" for key in extra]
    return differences


def site_copy(tmp_path: Path, pages: Path) -> Path:
    """A project holding ``pages`` as docs/, this repository's snippets and pytest settings."""
    project = tmp_path / "project"
    shutil.copytree(pages, project / "docs", ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "docs" / "conftest.py").is_file() and not (project / "docs" / "conftest.py").exists():
        shutil.copy(ROOT / "docs" / "conftest.py", project / "docs" / "conftest.py")
    shutil.copytree(ROOT / "snippets", project / "snippets", ignore=shutil.ignore_patterns("__pycache__"))
    table = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    table = {key: value for key, value in table.items() if key != "testpaths"}
    lines = ["[tool.pytest]"] + [f"{key} = {json.dumps(value)}" for key, value in table.items()]
    (project / "pyproject.toml").write_text("\n".join(lines) + "\n")  # JSON values are TOML values here
    return project


@pytest.mark.timeout(900)
@pytest.mark.parametrize("pages", [ROOT / "docs", HERE / "pages"], ids=["site", "engine-pages"])
def test_every_example_has_the_same_outcome_exported(tmp_path, pages):
    project = site_copy(tmp_path, pages)
    plugin, exported = outcomes_of(project, tmp_path)
    assert plugin["outcomes"], "nothing ran"
    assert compare(project, plugin, exported) == []
