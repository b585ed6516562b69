"""A page's fences become pytest tests: definitions, fixtures, async, marks and selection."""

import pytest


def test_test_functions_in_fences_are_collected_and_run(pytester, write_page):
    write_page("""
        # Page

        ```python
        import asyncio
        import pytest

        async def double(x):
            await asyncio.sleep(0)
            return 2 * x

        @pytest.fixture
        async def two():
            return 2
        ```

        Text between fences.

        ```python
        async def test_async_with_page_fixture(two):
            assert await double(two) == 4

        def test_sync_with_conftest_fixture(greeting):
            assert greeting == "hello"

        @pytest.mark.parametrize("x", [1, 2, 3])
        def test_parametrized(x):
            assert x > 0
        ```
    """)
    pytester.makeconftest("""
        import pytest

        @pytest.fixture
        def greeting():
            return "hello"
    """)
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=6)
    result.stdout.fnmatch_lines(["*docs/page.md::test_async_with_page_fixture PASSED*"])


def test_a_wrong_assertion_fails_at_its_markdown_line_with_a_diff(pytester, write_page):
    write_page("""
        # Page

        ```python
        def test_dicts():
            assert {"a": 1, "b": 2} == {"a": 1, "b": 3}
        ```
    """)
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            '>       assert {"a": 1, "b": 2} == {"a": 1, "b": 3}',
            "E         Differing items:",
            "E         {'b': 2} != {'b': 3}",
            "docs/page.md:5: AssertionError",
        ]
    )


def test_fences_in_admonitions_tabs_and_details_are_run(pytester, write_page):
    write_page("""
        # Page

        !!! note
            ```python
            def test_in_admonition():
                assert True
            ```

        === "Tab"

            ```python
            def test_in_tab():
                assert True
            ```

        ??? example "Collapsed"
            ~~~python
            def test_in_details():
                assert False
            ~~~
    """)
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["docs/page.md:19: AssertionError"])


def test_top_level_await_runs_as_an_async_test(pytester, write_page):
    write_page("""
        # Page

        ```python
        import asyncio
        ```

        ```python
        result = await asyncio.sleep(0, "done")
        assert result == "undone"
        ```
    """)
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_fence_L7 FAILED*", "docs/page.md:9: AssertionError"])


def test_a_fence_that_raises_is_an_error_of_its_page_at_its_line(pytester, write_page):
    # As a module-level error in a .py file: the tests after it never run.
    write_page("""
        # Page

        ```python
        value = 1 / 0
        ```

        ```python
        def test_later():
            assert True
        ```
    """)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*ERROR collecting docs/page.md*", "docs/page.md:4: in <module>", "*ZeroDivisionError*"]
    )


def test_marks_and_k_selection_work(pytester, write_page):
    write_page("""
        # Page

        ```python
        import pytest

        @pytest.mark.skip(reason="shown skipped")
        def test_skipped():
            assert False

        def test_chosen():
            assert True

        def test_other():
            assert False
        ```
    """)
    result = pytester.runpytest("-k", "chosen or skipped", "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["SKIPPED [1] docs/page.md:6: shown skipped"])


def test_one_page_runs_alone(pytester, write_page):
    write_page("# One\n\n```python\ndef test_one():\n    assert True\n```\n", name="one.md")
    write_page("# Two\n\n```python\ndef test_two():\n    assert False\n```\n", name="two.md")
    pytester.runpytest("docs/one.md").assert_outcomes(passed=1)


def test_markdown_outside_docs_is_not_collected(pytester, write_page):
    write_page("# Page\n")
    pytester.makefile(".md", README="```python\nassert False\n```\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_summary_line_counts_pages_examples_and_passes(pytester, write_page):
    write_page("""
        # Page

        ```python
        def test_a():
            assert True
        ```

        ``` { .python .not-run data-reason="needs a server" }
        connect()
        ```

        ```bash
        echo "not python: not an example"
        ```
    """)
    result = pytester.runpytest("--md-summary", "summary.txt")
    line = "verified: 1 pages, 1 examples run, 1 not run, 1 tests passed"
    result.stdout.fnmatch_lines([line])
    assert (pytester.path / "summary.txt").read_text() == line + "\n"
