"""tools.compat.outcomes: a page's JUnit report in one environment, mapped back to its examples."""

import textwrap

import pytest

from mdpytest import export
from mdpytest.examples import read_page
from tools.compat import outcomes

PYPROJECT = """
[tool.pytest]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "function"
asyncio_default_test_loop_scope = "function"
"""


@pytest.fixture
def run_page(pytester: pytest.Pytester):
    """Export a page as ``make compat`` does, run it with a JUnit report, map the report back."""
    pytester.makepyprojecttoml(PYPROJECT)

    def run(markdown: str) -> tuple[dict, list]:
        page = pytester.path / "docs" / "page.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text(textwrap.dedent(markdown).lstrip())
        out = pytester.path / "out"
        files = export.export(out, [page], pytester.path)["page.md"]
        pytester.runpytest_inprocess(
            "-p", "no:randomly", "-p", "no:mdpytest", "-o", "junit_family=xunit1", f"--junitxml={pytester.path / 'report.xml'}",
            *[str(out / name) for name in files],
        )  # fmt: skip
        model = read_page(page, "docs/page.md", pytester.path)
        sources = {name.removesuffix(".py"): (out / name).read_text() for name in files}
        found = outcomes.page_outcomes(model, "test_page", sources, (pytester.path / "report.xml").read_text())
        return {entry["line"]: entry["outcome"] for entry in found.values()}, model.examples

    return run


def test_each_test_is_its_examples_outcome(run_page):
    found, _ = run_page(
        """
        ```python
        def double(x):
            return 2 * x
        ```

        ```python
        def test_double():
            assert double(2) == 4
        ```

        ```python
        def test_wrong():
            assert double(2) == 5
        ```

        ```python
        class TestTwice:
            def test_one(self):
                assert double(1) == 2

            def test_two(self):
                assert double(1) == 3
        ```

        ```python
        assert double(3) == 6
        ```
        """
    )
    assert found == {
        1: "passed",  # a definition: its module imported
        6: "passed",
        11: {"failed": "assert 4 == 5"},
        16: {"failed": "assert 2 == 3"},  # the class's first failing test
        25: "passed",
    }


def test_an_await_fence_and_an_expected_failure_are_their_items(run_page):
    found, _ = run_page(
        """
        ```python
        import asyncio
        ```

        ```{.python .expect-fail data-raises="ZeroDivisionError"}
        1 / 0
        ```

        ```{.python .expect-fail data-raises="KeyError"}
        {}.get("x")
        ```

        ```python
        await asyncio.sleep(0)
        assert 1 == 2
        ```
        """
    )
    assert found[5] == "passed"  # it failed the way the page says
    assert found[9] == {
        "failed": "Failed: docs/page.md:9: this example was expected to fail with KeyError, but it passed"
    }
    assert found[13] == {"failed": "assert 1 == 2"}


def test_an_import_error_is_charged_to_its_example_and_the_rest_are_not_measured(run_page):
    found, _ = run_page(
        """
        ```python
        def test_before():
            pass
        ```

        ```python
        settings = {}
        port = settings["port"]
        ```

        ```python
        def test_after():
            pass
        ```
        """
    )
    assert found == {1: "n/a", 6: {"failed": "KeyError: 'port'"}, 11: "n/a"}


def test_a_page_skipped_whole_is_not_measured(run_page):
    found, _ = run_page(
        """
        ```python
        import pytest

        pytest.importorskip("no_such_module_here")
        ```

        ```python
        def test_it():
            pass
        ```
        """
    )
    assert found == {1: "n/a", 7: "n/a"}


def test_only_the_examples_that_run_are_listed(run_page):
    found, examples = run_page(
        """
        ```{.python .not-run data-reason="shows a traceback"}
        raise SystemExit
        ```

        ```python
        def test_it():
            pass
        ```
        """
    )
    assert found == {5: "passed"}
    assert [example.line for example in examples] == [1, 5]


def test_without_a_report_every_example_fails_with_what_pytest_said(tmp_path):
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text("```python\ndef test_a():\n    pass\n```\n\n```python\nx = 1\n```\n")
    model = read_page(page, "docs/page.md", tmp_path)
    found = outcomes.page_outcomes(model, "test_page", {}, None, "ERROR: Unknown config option: asyncio_debug")
    assert [entry["outcome"] for entry in found.values()] == [
        {"failed": "ERROR: Unknown config option: asyncio_debug"}
    ] * 2


def test_error_lines_lose_their_paths_and_addresses():
    line = outcomes.first_line(
        "FileNotFoundError: [Errno 2] No such file: '/work/x/build/compat/lock/pages/docs/a.md' at 0x7f82c912cb50\nmore"
    )
    assert line == "FileNotFoundError: [Errno 2] No such file: 'a.md' at 0x…"
    group = "ExceptionGroup: multiple unraisable exception warnings (3 sub-exceptions)"
    assert outcomes.first_line(group) == "ExceptionGroup: multiple unraisable exception warnings (sub-exceptions)"


def test_a_line_of_the_export_belongs_to_the_example_above_it():
    source = "import x\n\n# docs/a.md:3\ndef f():\n    pass\n\n# docs/a.md:10 (expected to fail)\ny = 1\n"
    found = outcomes.regions(source)
    assert found == [(3, 3), (7, 10)]
    assert [outcomes.example_at(found, line) for line in (1, 3, 5, 7, 8)] == [None, 3, 3, 10, 10]


ENV = {"id": "old", "axis": "x", "label": "x 1", "python": "3.11.7", "changed": {"x": "1"}, "translated_config": False}
BASE = {"id": "lock", "python": "3.11.7", "packages": {"x": "2"}}


def entry(line, outcome):
    return {"line": line, "outcome": outcome}


def test_refreshing_one_page_keeps_the_others_and_drops_its_stale_examples():
    old = outcomes.merge(
        None,
        BASE,
        [ENV],
        ["lock", "old"],
        {
            "lock": {
                "docs/a.md": {"k1": entry(1, "passed"), "k2": entry(5, "passed")},
                "docs/b.md": {"k3": entry(2, "passed")},
            },
            "old": {
                "docs/a.md": {"k1": entry(1, "passed"), "k2": entry(5, "n/a")},
                "docs/b.md": {"k3": entry(2, "n/a")},
            },
        },
        ["docs/a.md", "docs/b.md"],
        all_pages=True,
    )
    new = outcomes.merge(
        old,
        BASE,
        [],
        ["lock", "old"],
        {"lock": {"docs/a.md": {"k9": entry(7, "passed")}}},
        ["docs/a.md"],
        all_pages=False,
    )
    assert new["pages"]["docs/a.md"] == {"k9": {"line": 7, "outcomes": {"lock": "passed"}}}
    assert new["pages"]["docs/b.md"] == old["pages"]["docs/b.md"]
    assert new["environments"] == [ENV]


def test_refreshing_some_environments_keeps_the_other_outcomes_in_order():
    old = outcomes.merge(
        None, BASE, [ENV], ["lock", "old"], {"old": {"docs/a.md": {"k1": entry(1, "n/a")}}, "lock": {"docs/a.md": {"k1": entry(1, "passed")}}},
        ["docs/a.md"], all_pages=True,
    )  # fmt: skip
    new = outcomes.merge(
        old,
        BASE,
        [],
        ["lock", "old"],
        {"lock": {"docs/a.md": {"k1": entry(2, "passed")}}},
        ["docs/a.md"],
        all_pages=True,
    )
    assert new["pages"]["docs/a.md"]["k1"] == {"line": 2, "outcomes": {"lock": "passed", "old": "n/a"}}
    assert list(old["pages"]["docs/a.md"]["k1"]["outcomes"]) == ["lock", "old"]


def test_a_full_run_drops_pages_without_examples_and_environments_no_longer_listed():
    old = outcomes.merge(
        None, BASE, [ENV], ["lock", "old"], {"lock": {"docs/a.md": {"k1": entry(1, "passed")}, "docs/b.md": {"k2": entry(1, "passed")}}, "old": {}},
        ["docs/a.md", "docs/b.md"], all_pages=True,
    )  # fmt: skip
    new = outcomes.merge(
        old, BASE, [], ["lock"], {"lock": {"docs/a.md": {"k1": entry(1, "passed")}}}, ["docs/a.md"], all_pages=True
    )
    assert list(new["pages"]) == ["docs/a.md"]
    assert new["environments"] == []


def test_the_baseline_check_names_every_example_that_did_not_pass():
    data = {
        "pages": {
            "docs/a.md": {
                "k1": {"line": 3, "outcomes": {"lock": "passed"}},
                "k2": {"line": 9, "outcomes": {"lock": {"failed": "TypeError: x"}}},
                "k3": {"line": 12, "outcomes": {"old": "passed"}},
            }
        }
    }
    assert outcomes.not_passed(data, "lock") == ["docs/a.md:9: {'failed': 'TypeError: x'}", "docs/a.md:12: not run"]


def test_on_the_baseline_only_an_example_that_skips_itself_may_be_not_measured(tmp_path):
    data = {"pages": {"docs/a.md": {"k1": {"line": 3, "outcomes": {"lock": "n/a"}}}}}
    assert outcomes.not_passed(data, "lock", {"k1"}) == []
    assert outcomes.not_passed(data, "lock") == ["docs/a.md:3: n/a"]
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nimport sys\n\nimport pytest\n\n\n@pytest.mark.skipif(sys.version_info < (3, 14), reason='3.14')\n"
        "def test_new():\n    pass\n```\n\n```python\ndef test_old():\n    pass\n```\n"
    )
    new, old = read_page(page, "docs/page.md", tmp_path).examples
    assert outcomes.skips_itself(new) and not outcomes.skips_itself(old)
