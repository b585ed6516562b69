"""Fence options: expected failures, examples not run, own namespaces, config fences."""

import sys


def test_expected_failure_passes_when_it_fails_as_promised(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .expect-fail data-raises="ZeroDivisionError" data-match="division" }
        def test_divide():
            assert 1 / 0
        ```

        ``` { .python .expect-fail data-raises="KeyError" }
        {}["missing"]
        ```
    """)
    pytester.runpytest().assert_outcomes(passed=2)


def test_expected_failure_that_passes_fails_naming_its_line(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .expect-fail data-raises="AssertionError" }
        def test_not_wrong_after_all():
            assert 1 + 1 == 2
        ```
    """)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*docs/page.md:3: this example was expected to fail with AssertionError, but it passed*"]
    )


def test_expected_failure_with_another_error_or_message_fails(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .expect-fail data-raises="TypeError" }
        def test_wrong_exception():
            raise ValueError("not a type error")
        ```

        ``` { .python .expect-fail data-raises="ValueError" data-match="^exact$" }
        def test_wrong_message():
            raise ValueError("inexact")
        ```
    """)
    result = pytester.runpytest()
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*docs/page.md:3: expected TypeError, got ValueError: not a type error*",
            "*docs/page.md:8: expected ValueError matching '^exact$', got ValueError: inexact*",
        ]
    )


def test_expected_failure_matches_base_classes_and_dotted_names(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .expect-fail data-raises="LookupError" }
        [][1]
        ```

        ``` { .python .expect-fail data-raises="asyncio.exceptions.CancelledError" }
        import asyncio
        raise asyncio.CancelledError
        ```
    """)
    pytester.runpytest().assert_outcomes(passed=2)


def test_expected_failure_in_a_fixture_setup_counts(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .expect-fail data-raises="RuntimeError" data-match="no database" }
        import pytest

        @pytest.fixture
        async def database():
            raise RuntimeError("no database")

        async def test_uses_database(database):
            assert database
        ```
    """)
    pytester.runpytest().assert_outcomes(passed=1)


def test_not_run_is_a_skip_at_its_line_with_the_reason(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .not-run data-reason="needs a PostgreSQL server" }
        raise SystemExit("must never run")
        ```
    """)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["SKIPPED [1] docs/page.md:3: not run: needs a PostgreSQL server"])


def test_own_namespace_neither_sees_nor_replaces_page_names(pytester, write_page):
    write_page("""
        # Page

        ```python
        import pytest

        secret = "page"

        @pytest.fixture
        def db():
            return "page db"

        def test_page_db(db):
            assert db == "page db"
        ```

        ``` { .python .own-namespace }
        import pytest

        @pytest.fixture
        def db():
            return "own db"

        def test_own_db(db):
            assert db == "own db"
            assert "secret" not in globals()
        ```

        ```python
        def test_page_db_still_the_page_one(db):
            assert db == "page db"
        ```
    """)
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*docs/page.md::L16::test_own_db PASSED*"])


def test_own_namespace_combines_with_expect_fail(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .own-namespace .expect-fail data-raises="AssertionError" }
        def test_shared():
            assert False
        ```

        ```python
        def test_shared():
            assert True
        ```
    """)
    pytester.runpytest().assert_outcomes(passed=2)


def test_pytest_config_fences_are_verified(pytester, write_page):
    write_page("""
        # Page

        ```toml title="pyproject.toml"
        [tool.pytest]
        asyncio_mode = "auto"
        asyncio_default_fixture_loop_scope = "function"
        asyncio_default_test_loop_scope = "function"
        ```

        ```ini title="pytest.ini"
        [pytest]
        asyncio_mode = strict
        asyncio_default_fixture_loop_scope = function
        asyncio_default_test_loop_scope = function
        ```

        ```toml title="pyproject.toml"
        [tool.pytest.ini_options]
        asyncio_mode = "auto"
        ```

        ```toml title="pyproject.toml: an option of another plugin (pytest-timeout)"
        [tool.pytest]
        asyncio_mode = "auto"
        asyncio_default_fixture_loop_scope = "function"
        asyncio_default_test_loop_scope = "function"
        timeout = "5"
        ```
    """)
    result = pytester.runpytest()
    # The last one leaves the loop scopes unset, which pytest-asyncio warns about.
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*test_fence_L17*", "*pytest rejected this configuration*"])


def test_other_config_fences_need_not_run(pytester, write_page):
    write_page("""
        # Page

        ```toml
        [project]
        name = "demo"
        ```
    """)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*docs/page.md:3: a toml fence that is not pytest configuration needs .not-run*"])


def test_included_snippets_are_imported(pytester, write_page, monkeypatch):
    monkeypatch.delitem(sys.modules, "snippets", raising=False)  # this project's, not the site's
    pytester.syspathinsert()
    pytester.mkpydir("snippets")
    (pytester.path / "snippets" / "good.py").write_text("VALUE = 1\n")
    (pytester.path / "snippets" / "broken.py").write_text(
        "# --8<-- [start:section]\nVALUE = undefined_name\n# --8<-- [end:section]\n"
    )
    write_page("""
        # Page

        ```python title="snippets/good.py"
        --8<-- "snippets/good.py"
        ```

        ```python
        --8<-- "snippets/broken.py:section"
        ```
    """)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)  # imported when the page is collected, as a file's imports are
    result.stdout.fnmatch_lines(["*NameError: name 'undefined_name' is not defined"])


def test_what_an_expected_failure_leaves_behind_fails_that_example_not_a_later_one(pytester, write_page):
    write_page("""
        # Page

        ```python
        async def double(x):
            return 2 * x
        ```

        ``` { .python .expect-fail data-raises="AssertionError" }
        def test_forgot_await():
            result = double(2)  # never awaited: the coroutine is dropped with the traceback
            assert result == 4
        ```

        ```python
        import gc

        def test_later():
            gc.collect()
        ```
    """)
    # A subprocess: an in-process run's hook recorder would keep the traceback alive.
    result = pytester.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(
        ["*ERROR at teardown of test_forgot_await*", "*RuntimeWarning: coroutine 'double' was never awaited*"]
    )
