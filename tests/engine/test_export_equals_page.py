"""Export equals page: every example has the same outcome through the plugin and exported.

Each page runs twice, in processes of their own: through mdpytest, and as the modules
``mdpytest.export`` writes, under plain pytest (``-p no:mdpytest``); ``export_equality.py``
compares the outcomes per test id. This test runs it over the engine's own pages in
``tests/engine/pages``. The site's pages are compared by ``make verify-examples``, which
records the doc suite's run instead of running every page a second time.
"""

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from export_equality import compare

from mdpytest.export import export

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
def test_every_example_of_the_engine_pages_has_the_same_outcome_exported(tmp_path):
    project = site_copy(tmp_path, HERE / "pages")
    plugin, exported = outcomes_of(project, tmp_path)
    assert plugin["outcomes"], "nothing ran"
    assert compare(project, plugin, exported) == []
