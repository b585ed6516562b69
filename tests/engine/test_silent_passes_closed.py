"""Each class of wrong page that the engine once passed, crashed on, or ran unlike its export.

One test (or a few) per class of issue 10; each fails on the engine before that issue.
"""

import pytest


def run(pytester, *args):
    return pytester.runpytest("-p", "no:randomly", *args)


# Top-level await fences.


def test_a_test_defined_in_an_await_fence_is_an_error_at_its_line(pytester, write_page):
    write_page("""
        # Page

        ```python
        import asyncio
        x = 1
        ```

        ```python
        x = await asyncio.sleep(0, result=1)

        def test_x():
            assert x == 2
        ```
    """)
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*docs/page.md:11: test_x is defined in a fence with top-level await*"])


def test_code_after_an_await_fence_that_would_run_early_is_an_error(pytester, write_page):
    write_page("""
        # Page

        ```python
        items = []
        ```

        ```python
        items.append(await __import__("asyncio").sleep(0, result=1))
        ```

        ```python
        assert items == []
        ```
    """)
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*docs/page.md:12: this code runs when the page is collected, before the await fence at line 7*"]
    )


def test_a_name_bound_only_in_an_await_fence_cannot_be_used_later(pytester, write_page):
    write_page("""
        # Page

        ```python
        import asyncio
        ```

        ```python
        answer = await asyncio.sleep(0, result=42)
        ```

        ```python
        def test_answer():
            assert answer == 42
        ```
    """)
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*docs/page.md:13: answer is bound inside the await fence at line 7*"])


def test_an_await_fence_keeps_walrus_names_local_and_runs_as_a_test(pytester, write_page):
    write_page("""
        # Page

        ```python
        import asyncio
        ```

        ```python
        if (n := await asyncio.sleep(0, result=3)) > 2:
            assert n == 4
        ```
    """)
    result = run(pytester, "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_fence_L7 FAILED*"])


# Options that crashed the run or were silently ignored.


def test_an_invalid_data_match_is_an_error_at_its_line(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .expect-fail data-raises="ValueError" data-match="(unclosed" }
        raise ValueError("x")
        ```
    """)
    result = run(pytester)
    assert result.ret == pytest.ExitCode.INTERRUPTED  # a collection error, not INTERNALERROR
    result.stdout.fnmatch_lines(["*docs/page.md:3: data-match is not a valid regular expression*"])
    result.stdout.no_fnmatch_line("*INTERNALERROR*")


@pytest.mark.parametrize(
    "markdown",
    [
        pytest.param("> ```python\n> def test_quoted():\n>     assert False\n> ```\n", id="block-quote"),
        pytest.param("```.python\ndef test_dotted():\n    assert False\n```\n", id="dot-language"),
        pytest.param("``` py3\ndef test_alias():\n    assert False\n```\n", id="pygments-alias"),
    ],
)
def test_every_fence_rendered_as_python_runs(pytester, write_page, markdown):
    write_page("# Page\n\n" + markdown)
    run(pytester).assert_outcomes(failed=1)


def test_the_language_after_another_class_is_an_error(pytester, write_page):
    write_page("""
        # Page

        ``` { .expect-fail .python data-raises="AssertionError" }
        assert False
        ```
    """)
    result = run(pytester)
    result.stdout.fnmatch_lines(["*docs/page.md:3: the language must be the first class*"])


def test_a_pycon_session_runs_as_a_doctest(pytester, write_page):
    write_page("""
        # Page

        ```pycon
        >>> 1 + 1
        3
        ```
    """)
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Expected:*", "*3*", "*Got:*", "*2*"])


# Expected failures.


def test_data_raises_resolves_public_aliases_and_page_classes(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .expect-fail data-raises="json.JSONDecodeError" }
        import json
        json.loads("{")
        ```

        ```python
        class OutOfStock(Exception):
            pass
        ```

        ``` { .python .expect-fail data-raises="OutOfStock" }
        def test_sold_out():
            raise OutOfStock("none left")
        ```
    """)
    run(pytester).assert_outcomes(passed=3)


def test_data_raises_that_names_nothing_is_an_error_at_its_line(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .expect-fail data-raises="NoSuchError" }
        raise ValueError
        ```
    """)
    result = run(pytester)
    result.stdout.fnmatch_lines(["*docs/page.md:3: data-raises='NoSuchError'*"])


def test_names_bound_before_an_expected_failure_stay_bound(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .expect-fail data-raises="ZeroDivisionError" }
        total = 10
        ratio = total / 0
        ```

        ```python
        def test_total():
            assert total == 10
        ```
    """)
    run(pytester).assert_outcomes(passed=2)


def test_a_skipped_or_xfailed_expected_failure_is_not_called_a_pass(pytester, write_page):
    write_page("""
        # Page

        ``` { .python .expect-fail data-raises="AssertionError" }
        import pytest

        @pytest.mark.skip(reason="later")
        def test_skipped():
            assert False

        @pytest.mark.xfail(reason="known")
        def test_xfailed():
            assert False
        ```
    """)
    result = run(pytester)
    result.assert_outcomes(skipped=1, xfailed=1)
    result.stdout.no_fnmatch_line("*but it passed*")


def test_freeing_an_expected_failure_leaves_running_coroutines_alone(pytester, write_page):
    write_page("""
        # Page

        ```python
        import asyncio

        import pytest


        class Worker:
            error = None

            async def run(self):
                while True:
                    try:
                        await asyncio.sleep(0)
                        raise ValueError("job failed")
                    except ValueError as error:
                        self.error = error


        @pytest.fixture
        async def worker():
            worker = Worker()
            task = asyncio.create_task(worker.run())
            yield worker
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        ```

        ``` { .python .expect-fail data-raises="ValueError" data-match="job failed" }
        async def test_job_error_surfaces(worker):
            while worker.error is None:
                await asyncio.sleep(0)
            raise worker.error
        ```
    """)
    run(pytester).assert_outcomes(passed=2)


# Time limits.


@pytest.mark.parametrize("code", ["import time\ntime.sleep(5)", "while True:\n    pass"], ids=["sleeps", "loops"])
def test_plain_fence_code_runs_under_the_timeout(pytester, write_page, code):
    body = "\n".join("        " + line for line in code.splitlines())
    write_page(f"""
        # Page

        ```python
{body}
        ```
    """)
    result = run(pytester, "--timeout", "0.5")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*docs/page.md:3: this fence was still running after the 0.5 s timeout*"])


# Includes.


@pytest.mark.parametrize(
    "target, message",
    [
        ("snippets/code.py:missing", "*snippets/code.py has no section 'missing'*"),
        ("../outside.py", "*included files come from snippets/: ../outside.py*"),
        ("README.md", "*included files come from snippets/: README.md*"),
    ],
)
def test_bad_includes_are_errors(pytester, write_page, target, message):
    pytester.mkpydir("snippets")
    (pytester.path / "snippets" / "code.py").write_text("# --8<-- [start:shown]\nX = 1\n# --8<-- [end:shown]\n")
    (pytester.path / "README.md").write_text("# readme\n")
    write_page(f'# Page\n\n```python\n--8<-- "{target}"\n```\n')
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([message])


# Tests that would silently disappear.


@pytest.mark.parametrize(
    "second",
    [
        "class TestChecks:\n    def test_b(self):\n        assert True",
        "if True:\n    def TestChecks():\n        pass",
        "TestChecks = None",
    ],
    ids=["class-twice", "conditional-def", "rebinding"],
)
def test_a_test_defined_again_is_an_error(pytester, write_page, second):
    write_page(
        f"# Page\n\n```python\nclass TestChecks:\n    def test_a(self):\n        assert False\n```\n\n```python\n{second}\n```\n"
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*TestChecks is already defined at line 4*"])


# Module-level skips and marks.


def test_importorskip_skips_the_whole_page_like_a_module(pytester, write_page):
    write_page("""
        # Page

        ```python
        import pytest
        pytest.importorskip("no_such_module_here")
        ```

        ```python
        no_such_module_here.thing()
        ```

        ```python
        def test_never():
            assert False
        ```
    """)
    result = run(pytester, "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*no_such_module_here*"])


def test_a_skip_mark_does_not_hide_a_later_broken_fence(pytester, write_page):
    write_page("""
        # Page

        ```python
        import pytest
        pytestmark = pytest.mark.skip(reason="whole page")
        ```

        ```python
        undefined_name
        ```
    """)
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*NameError*undefined_name*"])


# Line numbers.


def test_a_bom_and_unusual_line_separators_keep_every_line(pytester, write_page):
    page = write_page("# Page\n")
    page.write_text(
        "\ufeff```python\ndef test_first():\n    assert '\u2028\x85\f' == 'x'\n```\n\n```python\ndef test_second():\n    assert False\n```\n",
        encoding="utf-8",
    )
    result = run(pytester)
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["docs/page.md:3: AssertionError", "docs/page.md:8: AssertionError"])


# Export.


def test_a_future_import_after_the_first_fence_is_an_error(pytester, write_page):
    write_page("# Page\n\n```python\nx = 1\n```\n\n```python\nfrom __future__ import annotations\n```\n")
    result = run(pytester)
    result.stdout.fnmatch_lines(["*docs/page.md:8: a from __future__ import must open the page's first python fence*"])


# The summary.


def test_the_summary_counts_what_ran_under_k_and_xdist(pytester, write_page):
    write_page("""
        # Page

        ```python
        def test_one():
            assert True
        ```

        ```python
        def test_two():
            assert True
        ```
    """)
    run(pytester, "-k", "one").stdout.fnmatch_lines(["verified: 1 pages, 1 examples run, 0 not run, 1 tests passed"])
    run(pytester, "-n", "2").stdout.fnmatch_lines(["verified: 1 pages, 2 examples run, 0 not run, 2 tests passed"])
    run(pytester, "--collect-only").stdout.no_fnmatch_line("verified:*")


def test_a_project_that_does_not_opt_in_collects_no_page(pytester):
    pytester.makepyprojecttoml('[tool.pytest]\nasyncio_default_fixture_loop_scope = "function"\n')
    (pytester.path / "docs").mkdir()
    (pytester.path / "docs" / "page.md").write_text("```python\ndef test_x():\n    assert False\n```\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
