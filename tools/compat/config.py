"""The export's pytest configuration, translated for the versions an environment has.

The exported folder's ``pyproject.toml`` holds this site's ``[tool.pytest]`` table, which
``--strict-config`` (in its ``addopts``) makes every reader check: an option that a version does
not register is an error there, not a warning. So an older pytest or pytest-asyncio gets the
table without what it cannot read; the examples themselves (a page's own configuration fences
included) are never changed. Each rule names the release that added what it removes, and the
changelog line that says so.

The export's ``conftest.py`` loads the site's leaked-task guard (``snippets/task_guard.py``),
a check of the harness, not of any one example. It is built from what pytest-asyncio 0.26
added, so below 0.26 the conftest loads only the judge of expected failures.
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.version import Version

from mdpytest.export import toml_value


@dataclass(frozen=True)
class Rule:
    package: str
    since: str  # the first release that reads it
    option: str | None  # what is dropped below `since`: an ini option; None: the table's format
    changelog: str


RULES = (
    Rule(
        "pytest",
        "9.0",
        None,
        "pytest 9.0.0: '#13743: Added support for native TOML configuration files.' Before it, "
        "pyproject.toml is read only from [tool.pytest.ini_options], whose values are strings or lists of strings.",
    ),
    Rule(
        "pytest",
        "9.0",
        "minversion",
        "The site's own floor (minversion = 9.0): pytest refuses to start below its minversion.",
    ),
    Rule(
        "pytest-asyncio",
        "0.24",
        "asyncio_default_fixture_loop_scope",
        "pytest-asyncio 0.24.0: 'Added the asyncio_default_fixture_loop_scope configuration option'.",
    ),
    Rule(
        "pytest-asyncio",
        "0.26",
        "asyncio_default_test_loop_scope",
        "pytest-asyncio 0.26.0: 'Adds configuration option that sets default event loop scope for all tests (#793)'.",
    ),
    Rule(
        "pytest-asyncio",
        "1.2",
        "asyncio_debug",
        "pytest-asyncio 1.2.0: '--asyncio-debug CLI option and asyncio_debug configuration option to enable "
        "asyncio debug mode for the default event loop. (#980)'.",
    ),
)


# The guard makes its fixtures with pytest_asyncio.fixture(loop_scope=...) and reads the
# asyncio_default_test_loop_scope option.
GUARD = Rule(
    "pytest-asyncio",
    "0.26",
    "the leaked-task guard of conftest.py",
    "pytest-asyncio 0.24.0: 'Deprecates the optional scope keyword argument to pytest.mark.asyncio for API "
    "consistency with pytest_asyncio.fixture. Users are encouraged to use the loop_scope keyword argument'; "
    "0.26.0: 'Adds configuration option that sets default event loop scope for all tests (#793)'.",
)
RUNTIME_ONLY = (
    '"""The exported conftest.py without the leaked-task guard, which this pytest-asyncio cannot load."""\n\n'
    "pytest_plugins = ['mdpytest_runtime']\n"
)


def conftest(text: str, versions: dict[str, str]) -> tuple[str, list[Rule]]:
    """The export's ``conftest.py`` for ``versions``; the rules applied."""
    if "pytest-asyncio" in versions and Version(versions["pytest-asyncio"]) < Version(GUARD.since):
        return RUNTIME_ONLY, [GUARD]
    return text, []


def applicable(versions: dict[str, str]) -> list[Rule]:
    """The rules whose package is older than the release that reads what they cover."""
    return [
        rule for rule in RULES if rule.package in versions and Version(versions[rule.package]) < Version(rule.since)
    ]


def translate(table: dict, versions: dict[str, str]) -> tuple[str, list[Rule]]:
    """``pyproject.toml`` text for ``[tool.pytest]`` ``table`` under ``versions``; the rules applied."""
    rules = applicable(versions)
    dropped = {rule.option for rule in rules if rule.option}
    kept = {key: value for key, value in table.items() if key not in dropped}
    native = not any(rule.option is None for rule in rules)
    if native:
        lines = ["[tool.pytest]"] + [f"{key} = {toml_value(value)}" for key, value in kept.items()]
    else:
        lines = ["[tool.pytest.ini_options]"] + [f"{key} = {toml_value(_ini(value))}" for key, value in kept.items()]
    return "\n".join(lines) + "\n", rules


def _ini(value):
    """A native TOML value as ``ini_options`` holds it: a string, or a list of strings."""
    if isinstance(value, list):
        return [_ini(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
