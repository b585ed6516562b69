"""Config fences: what pytest accepts passes, what it rejects or ignores fails."""

import textwrap

import pytest

from mdpytest import configs

SCOPES = """
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "function"
asyncio_default_test_loop_scope = "function"
"""


def run_verify(pytester, language, text, filename=None):
    """Run configs.verify inside a pytester session, so its own pytester is fresh."""
    pytester.makepyfile(
        test_verify=f"""
        from mdpytest import configs

        def test_config(pytester):
            configs.verify(pytester, {language!r}, {textwrap.dedent(text)!r}, {filename!r})
        """
    )
    return pytester.runpytest_subprocess(
        "-p", "pytester", "-p", "no:randomly", "-p", "no:cacheprovider", "test_verify.py"
    )


@pytest.mark.parametrize(
    "extra",
    [
        'addopts = ["--timeout", "5"]',
        'required_plugins = ["pytest-timeout"]',
        'testpaths = ["tests"]',
        'python_files = ["check_*.py"]',
    ],
    ids=["addopts-other-plugin", "required-plugins", "testpaths", "python-files"],
)
def test_valid_configs_are_accepted(pytester, extra):
    run_verify(pytester, "toml", "[tool.pytest]\n" + SCOPES + extra + "\n").assert_outcomes(passed=1)


def test_a_valid_config_in_a_page_passes(pytester, write_page):
    write_page(f"""
        # Page

        ```toml
        [tool.pytest]{textwrap.indent(SCOPES, "        ")}
        addopts = ["--timeout", "5"]
        required_plugins = ["pytest-timeout"]
        testpaths = ["tests"]
        ```
    """)
    pytester.runpytest().assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("filename", "text"),
    [
        ("pyproject.toml", "[pytest]\n" + SCOPES),
        ("pytest.toml", "[tool.pytest.ini_options]\n" + SCOPES),
        ("setup.cfg", "[pytest]\nasyncio_mode = auto\n"),
    ],
)
def test_a_table_pytest_ignores_in_that_file_fails(pytester, filename, text):
    result = run_verify(pytester, "toml" if filename.endswith("toml") else "ini", text, filename)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*pytest ignores this table in {filename}: *"])


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("pyproject.toml", "pyproject.toml"),
        ("pyproject.toml: an option of another plugin (pytest-timeout)", "pyproject.toml"),
        ("project/tox.ini", "tox.ini"),
        (".pytest.toml", ".pytest.toml"),
        ("Settings", "pytest.toml"),
        (None, "pytest.toml"),
    ],
)
def test_config_filename_comes_from_the_title_then_the_table(title, expected):
    assert configs.config_filename("toml", "[pytest]\n", title) == expected


def test_the_probe_is_named_on_the_command_line():
    assert configs.PROBE_FILE in configs.probe_args()
