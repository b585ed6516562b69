"""Shared set-up for tests that write a throwaway project with one page (the engine's, and the site guard's)."""

import textwrap

import pytest

CONFIG = """
[tool.pytest]
mdpytest_pages = ["docs"]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "function"
asyncio_default_test_loop_scope = "function"
filterwarnings = ["error"]
addopts = ["-p", "no:randomly"]
"""


@pytest.fixture
def write_page(pytester: pytest.Pytester):
    """Write ``docs/page.md`` (dedented) into a project configured like this one."""
    pytester.makepyprojecttoml(CONFIG)

    def write(markdown: str, name: str = "page.md"):
        path = pytester.path / "docs" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(textwrap.dedent(markdown).lstrip())
        return path

    return write
