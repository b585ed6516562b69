"""The site's leaked-task guard (docs/conftest.py, the guide's snippets.task_guard)."""

from pathlib import Path

import pytest

SITE_CONFTEST = Path(__file__).parents[2] / "docs" / "conftest.py"


@pytest.fixture
def guarded_page(pytester, write_page):
    def write(markdown):
        path = write_page(markdown)
        (path.parent / "conftest.py").write_text(SITE_CONFTEST.read_text())
        return path

    return write


def test_an_example_that_leaks_a_task_fails(pytester, guarded_page):
    guarded_page("""
        # Page

        ```python
        import asyncio


        async def test_leaks():
            asyncio.create_task(asyncio.sleep(3600), name="sleeper")
            await asyncio.sleep(0)
        ```
    """)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*1 task(s) left running after the test (now stopped):*", "*sleeper running sleep() at *"]
    )


def test_an_expected_failure_that_leaks_is_exempt(pytester, guarded_page):
    guarded_page("""
        # Page

        ``` { .python .expect-fail data-raises="AssertionError" }
        import asyncio


        async def test_leaks_and_fails():
            asyncio.create_task(asyncio.sleep(3600), name="sleeper")
            await asyncio.sleep(0)
            assert False
        ```
    """)
    pytester.runpytest().assert_outcomes(passed=1)
