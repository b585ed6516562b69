"""Verify a pytest configuration fence by running a small project that uses it.

The project holds the fence as its config file, one sync and one async test; both must pass
under ``--strict-config`` with warnings as errors, so an unknown key, a bad value or a
deprecation warning fails the example. The run must also show that pytest read the file
(its ``configfile:`` header line), and the fence's table must be one pytest reads in that
file, so a ``[pytest]`` table in ``pyproject.toml`` (which pytest ignores) fails.

API, shared by the plugin and the exporter so both run the identical check:

- ``is_pytest_config(text)``: the fence holds a pytest table.
- ``config_filename(language, text, title=None)``: the file the fence is written to; the
  fence's ``title="..."`` when its first word names a config file (``pyproject.toml: an
  option of another plugin`` -> ``pyproject.toml``), else derived from the table.
- ``table_error(filename, text)``: why pytest would ignore the fence's table in that file,
  or ``None``.
- ``probe_args()``: the command-line arguments of the probe run; the probe
  file ``PROBE_FILE`` (contents ``PROBE``) is named explicitly, so ``testpaths`` and
  ``python_files`` in the config cannot hide it.
- ``verify(pytester, language, text, filename=None)``: write, run, judge; ``pytest.fail``
  with the reason otherwise.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pytest

CONFIG_TABLE = re.compile(r"^\[(tool\.pytest(\.ini_options)?|pytest|tool:pytest)\]\s*$", re.MULTILINE)

# The tables pytest 9 reads in each config file (_pytest/config/findpaths.py).
TABLES = {
    "pyproject.toml": ("tool.pytest", "tool.pytest.ini_options"),
    "pytest.toml": ("pytest",),
    ".pytest.toml": ("pytest",),
    "pytest.ini": ("pytest",),
    ".pytest.ini": ("pytest",),
    "tox.ini": ("pytest",),
    "setup.cfg": ("tool:pytest",),
}

PROBE_FILE = "test_probe.py"

PROBE = """
import asyncio

import pytest


def test_sync():
    assert True


@pytest.mark.asyncio
async def test_async():
    await asyncio.sleep(0)
"""


def is_pytest_config(text: str) -> bool:
    return CONFIG_TABLE.search(text) is not None


def config_file(language: str, text: str) -> str:
    """The file name pytest reads this config from, judged by its table alone."""
    table = CONFIG_TABLE.search(text)[1]
    if language == "toml":
        return "pyproject.toml" if table.startswith("tool.") else "pytest.toml"
    return "setup.cfg" if table == "tool:pytest" else "pytest.ini"


def config_filename(language: str, text: str, title: str | None = None) -> str:
    """The file this fence is written to: the one its title names, else the table's."""
    if title:
        first = re.match(r"\s*([^\s:]+)", title)
        name = PurePosixPath(first[1]).name if first else ""
        if name in TABLES:
            return name
    return config_file(language, text)


def table_error(filename: str, text: str) -> str | None:
    """Why pytest ignores the fence's pytest table in ``filename``, or None."""
    tables = [match[1] for match in CONFIG_TABLE.finditer(text)]
    ignored = [table for table in tables if table not in TABLES[filename]]
    if not ignored:
        return None
    wanted = " or ".join(f"[{table}]" for table in TABLES[filename])
    return f"pytest ignores this table in {filename}: [{ignored[0]}] (it reads {wanted} there)"


def probe_args() -> list[str]:
    """The probe run's arguments. ``-vv`` keeps the ``configfile:`` header even if the
    config's ``addopts`` has ``-q``; the probe file is named so ``testpaths`` cannot hide it."""
    return ["--strict-config", "-W", "error", "-p", "no:randomly", "-vv", PROBE_FILE]


def verify(pytester: pytest.Pytester, language: str, text: str, filename: str | None = None) -> None:
    __tracebackhide__ = True
    filename = filename or config_file(language, text)
    if error := table_error(filename, text):
        pytest.fail(error, pytrace=False)
    (pytester.path / filename).write_text(text)
    (pytester.path / PROBE_FILE).write_text(PROBE)
    # A first run with only pytest-asyncio loaded takes half the time.
    result = _run(pytester, every_plugin=False)
    if not _accepted(result, filename):
        # Any failure may come from another plugin's option, addopts or required_plugins:
        # only the run with every installed plugin decides.
        result = _run(pytester, every_plugin=True)
    if not _accepted(result, filename):
        output = "\n".join(result.outlines[-30:] + result.errlines[-10:])
        pytest.fail(f"pytest rejected this configuration (exit {result.ret}):\n{output}", pytrace=False)


def _accepted(result: pytest.RunResult, filename: str) -> bool:
    read = any(re.search(rf"configfile: {re.escape(filename)}\b", line) for line in result.outlines)
    return read and result.ret == 0 and result.parseoutcomes().get("passed") == 2


def _run(pytester: pytest.Pytester, every_plugin: bool) -> pytest.RunResult:
    """Run the probe; with only pytest-asyncio loaded it takes half the time."""
    with pytest.MonkeyPatch.context() as patch:
        if not every_plugin:
            patch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
        # Imported here: importing pytest-asyncio at module level would keep pytest from
        # rewriting its asserts in a run that imports this module first.
        import pytest_asyncio.plugin

        plugins = [] if every_plugin else [pytest_asyncio.plugin]
        return pytester.runpytest_inprocess(*probe_args(), plugins=plugins)
