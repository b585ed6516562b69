"""tools.compat.config: the export's pytest configuration for older pytest and pytest-asyncio."""

import textwrap

import pytest

from tools.compat import config

TABLE = {
    "minversion": "9.0",
    "addopts": ["--strict-markers", "--strict-config"],
    "xfail_strict": True,
    "asyncio_mode": "auto",
    "asyncio_default_fixture_loop_scope": "function",
    "asyncio_default_test_loop_scope": "function",
    "filterwarnings": ["error"],
    "asyncio_debug": True,
    "timeout": "60",
}
CURRENT = {"pytest": "9.2.0", "pytest-asyncio": "1.5.0"}


def test_current_versions_read_the_table_as_it_is():
    text, rules = config.translate(TABLE, CURRENT)
    assert rules == []
    assert text.splitlines()[0] == "[tool.pytest]"
    assert "asyncio_debug = true" in text.splitlines()


def test_pytest_8_gets_ini_options_without_the_sites_minversion():
    text, rules = config.translate(TABLE, {"pytest": "8.4.2", "pytest-asyncio": "1.2.0"})
    assert [rule.option for rule in rules] == [None, "minversion"]
    assert text.splitlines() == [
        "[tool.pytest.ini_options]",
        'addopts = ["--strict-markers", "--strict-config"]',
        'xfail_strict = "true"',
        'asyncio_mode = "auto"',
        'asyncio_default_fixture_loop_scope = "function"',
        'asyncio_default_test_loop_scope = "function"',
        'filterwarnings = ["error"]',
        'asyncio_debug = "true"',
        'timeout = "60"',
    ]


@pytest.mark.parametrize(
    ("version", "dropped"),
    [
        ("0.23.8", {"asyncio_default_fixture_loop_scope", "asyncio_default_test_loop_scope", "asyncio_debug"}),
        ("0.24.0", {"asyncio_default_test_loop_scope", "asyncio_debug"}),
        ("0.26.0", {"asyncio_debug"}),
        ("1.2.0", set()),
    ],
)
def test_an_option_is_dropped_below_the_release_that_added_it(version, dropped):
    text, rules = config.translate(TABLE, {"pytest": "9.2.0", "pytest-asyncio": version})
    assert {rule.option for rule in rules} == dropped
    assert {key for key in TABLE if f"{key} =" not in text} == dropped


def test_every_rule_cites_its_release():
    for rule in (*config.RULES, config.GUARD):
        assert rule.since.split(".")[0] in rule.changelog


def test_the_leak_guard_leaves_the_conftest_below_0_26():
    assert config.conftest("original", {"pytest-asyncio": "0.26.0"}) == ("original", [])
    text, rules = config.conftest("original", {"pytest-asyncio": "0.25.3"})
    assert rules == [config.GUARD]
    assert "pytest_plugins = ['mdpytest_runtime']" in text


def test_pytest_reads_the_ini_options_translation_with_its_values(pytester: pytest.Pytester):
    """The strings of ``ini_options`` mean what the native values meant: xfail_strict is on."""
    table = {"addopts": ["--strict-config"], "xfail_strict": True, "asyncio_default_fixture_loop_scope": "function"}
    text, _ = config.translate(table, {"pytest": "8.4.2"})
    pytester.makepyprojecttoml(text)
    pytester.makepyfile(
        textwrap.dedent(
            """
            import pytest

            @pytest.mark.xfail
            def test_passes_unexpectedly():
                pass
            """
        )
    )
    result = pytester.runpytest_inprocess("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*XPASS(strict)*"])
