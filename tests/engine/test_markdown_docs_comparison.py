"""Why not pytest-markdown-docs, kept honest: it runs a fence but not the tests it defines.

When this test starts failing, pytest-markdown-docs collects fence tests and the choice of a
collector of our own should be revisited (README, "Why a collector of our own").
"""

import pytest

pytest.importorskip("pytest_markdown_docs")

PAGE = """
# Page

```python
def test_wrong():
    assert 1 + 1 == 3
```
"""


def test_a_wrong_test_in_a_fence_passes_under_pytest_markdown_docs(pytester):
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makefile(".md", page=PAGE)
    result = pytester.runpytest("--markdown-docs", "-p", "no:mdpytest", "-p", "no:randomly", "page.md")
    # The fence runs (it only defines a function) and passes; test_wrong is never called.
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*test_wrong*FAILED*")
