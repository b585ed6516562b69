"""The exporter turns a page into plain pytest modules that pass, and fail, as the page does."""

import sys
import textwrap
from pathlib import Path

import pytest

from mdpytest.export import export, export_page

ROOT = Path(__file__).resolve().parents[2]
CONFIG = """
[tool.pytest]
testpaths = ["docs"]
addopts = ["-p", "no:randomly"]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "function"
asyncio_default_test_loop_scope = "function"
filterwarnings = ["error"]
"""

PAGE = '''
# A page

```python title="snippets/greet.py"
--8<-- "snippets/greet.py"
```

```python
import asyncio

import pytest

from snippets.greet import greet


@pytest.fixture
def name():
    return "Ada"


def test_greet(name):
    assert greet(name) == "Hello, Ada"
```

```python
greeting = greet("Bob")
```

```python
def test_greeting_from_plain_code():
    assert greeting == "Hello, Bob"
```

``` { .python .not-run data-reason="needs a server" }
raise SystemExit("must not run")
```

``` { .python .expect-fail data-raises="AssertionError" data-match="coroutine" }
async def double(x):
    return 2 * x


def test_forgot_await():
    result = double(2)
    result.close()
    assert result == 4, f"got a coroutine: {result!r}"
```

``` { .python .expect-fail data-raises="ZeroDivisionError" data-match="division" }
ratio = 1 / 0
```

``` { .python .expect-fail data-raises="pytest.fail.Exception" data-match="closed at teardown" }
@pytest.fixture
def checked():
    yield
    pytest.fail("closed at teardown")


def test_passes_but_its_fixture_fails(checked):
    assert True
```

``` { .python .own-namespace }
import pytest


@pytest.fixture
def name():
    return "a second name fixture"


def test_own_name(name):
    assert name == "a second name fixture"
```

``` { .python .own-namespace }
def test_sees_the_page_fixture(name):
    assert name == "Ada"
```

Top-level await runs as a test of its own; its names stay inside it:

```python
await asyncio.sleep(0)
text = """two
lines"""
assert text.splitlines() == ["two", "lines"]
```

```toml
[tool.pytest]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "function"
asyncio_default_test_loop_scope = "function"
```
'''


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with docs/, a snippets module and a pyproject.toml like this repository's."""
    monkeypatch.delitem(sys.modules, "snippets", raising=False)  # this project's, not the site's
    pytester.makepyprojecttoml(CONFIG)
    (pytester.path / "docs").mkdir()
    (pytester.path / "snippets").mkdir()
    (pytester.path / "snippets" / "__init__.py").write_text("")
    (pytester.path / "snippets" / "greet.py").write_text('def greet(name):\n    return f"Hello, {name}"\n')
    return pytester.path


def run_exported(pytester: pytest.Pytester, project: Path, page: str) -> pytest.RunResult:
    (project / "docs" / "page.md").write_text(textwrap.dedent(page).lstrip())
    out = project / "exported"
    export(out, root=project)
    # Readers run the files next to the code under test; here that is a copy of snippets/.
    (out / "snippets").mkdir()
    for file in (project / "snippets").iterdir():
        (out / "snippets" / file.name).write_text(file.read_text())
    return pytester.runpytest_inprocess(str(out), "-p", "no:mdpytest", "-p", "no:randomly", "-rA")


def test_an_exported_page_passes_with_plain_pytest(pytester, project):
    result = run_exported(pytester, project, PAGE)
    # greet, greeting, the await fence, forgot_await, 1/0, the teardown failure, two own-namespace, the config.
    result.assert_outcomes(passed=9, skipped=1)
    result.stdout.fnmatch_lines(["*SKIPPED*not run: needs a server*"])
    files = sorted(path.name for path in (project / "exported").glob("test_*.py"))
    assert files == ["test_page.py", "test_page__L63.py", "test_page__L76.py"]
    source = (project / "exported" / "test_page.py").read_text()
    assert "import snippets.greet" in source
    assert "async def test_fence_L83():\n    await asyncio.sleep(0)\n" in source
    assert 'text = """two\nlines"""' in source  # a multi-line string keeps its content
    assert '# raise SystemExit("must not run")' in source
    assert "pyproject.toml" in {path.name for path in (project / "exported").iterdir()}


@pytest.mark.parametrize(
    "fence, message",
    [
        pytest.param(
            '``` { .python .expect-fail data-raises="AssertionError" }\ndef test_fine():\n    assert True\n```',
            "*expected to fail with AssertionError, but it passed*",
            id="test-that-passes",
        ),
        pytest.param(
            '``` { .python .expect-fail data-raises="AssertionError" data-match="wanted" }\n'
            'def test_other_message():\n    assert False, "another message"\n```',
            "*expected AssertionError matching 'wanted', got AssertionError: another message*",
            id="test-with-another-message",
        ),
        pytest.param(
            '``` { .python .expect-fail data-raises="ValueError" }\ndef test_other_error():\n    raise KeyError("k")\n```',
            "*expected ValueError, got KeyError*",
            id="test-with-another-exception",
        ),
        pytest.param(
            '``` { .python .expect-fail data-raises="ZeroDivisionError" }\nratio = 1 / 1\n```',
            "*docs/page.md:3: this example was expected to fail with ZeroDivisionError, but it passed*",
            id="code-that-runs",
        ),
    ],
)
def test_an_exported_expected_failure_fails_when_the_example_stops_failing(pytester, project, fence, message):
    result = run_exported(pytester, project, f"# Page\n\n{fence}\n")
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # a passing test is reported at its teardown
    result.stdout.fnmatch_lines([message])


@pytest.mark.parametrize("page", sorted((ROOT / "docs").rglob("*.md")), ids=lambda page: page.name)
def test_every_page_exports_to_modules_that_compile(page):
    for name, source in export_page(page, ROOT).items():
        compile(source, name, "exec")
