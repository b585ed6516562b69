"""Verify a pytest configuration fence by running a small project that uses it.

The project holds the fence as its config file, one sync and one async test; both must pass
under ``--strict-config`` with warnings as errors, so an unknown key, a bad value or a
deprecation warning fails the example.
"""

from __future__ import annotations

import re

import pytest
import pytest_asyncio.plugin

CONFIG_TABLE = re.compile(r"^\[(tool\.pytest(\.ini_options)?|pytest|tool:pytest)\]\s*$", re.MULTILINE)

PROBE = '''
import asyncio

import pytest


def test_sync():
    assert True


@pytest.mark.asyncio
async def test_async():
    await asyncio.sleep(0)
'''


def is_pytest_config(text: str) -> bool:
    return CONFIG_TABLE.search(text) is not None


def config_file(language: str, text: str) -> str:
    """The file name pytest reads this config from."""
    table = CONFIG_TABLE.search(text)[1]
    if language == "toml":
        return "pyproject.toml" if table.startswith("tool.") else "pytest.toml"
    return "setup.cfg" if table == "tool:pytest" else "pytest.ini"


def verify(pytester: pytest.Pytester, language: str, text: str) -> None:
    __tracebackhide__ = True
    (pytester.path / config_file(language, text)).write_text(text)
    pytester.makepyfile(test_probe=PROBE)
    result = _run(pytester, every_plugin=False)
    if "Unknown config option" in str(result.stdout) + str(result.stderr):
        result = _run(pytester, every_plugin=True)  # the option belongs to another plugin
    if result.ret != 0 or result.parseoutcomes().get("passed") != 2:
        output = "\n".join(result.outlines[-30:] + result.errlines[-10:])
        pytest.fail(f"pytest rejected this configuration (exit {result.ret}):\n{output}", pytrace=False)


def _run(pytester: pytest.Pytester, every_plugin: bool) -> pytest.RunResult:
    """Run the probe; with only pytest-asyncio loaded first, which takes half the time."""
    with pytest.MonkeyPatch.context() as patch:
        if not every_plugin:
            patch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
        plugins = [] if every_plugin else [pytest_asyncio.plugin]
        return pytester.runpytest_inprocess("--strict-config", "-W", "error", "-p", "no:randomly", plugins=plugins)
