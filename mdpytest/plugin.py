"""The pytest plugin: collect Markdown pages, judge expected failures, report a summary.

Registered through the ``pytest11`` entry point, so it is active wherever the project is
installed. Pages are collected from ``*.md`` files under any ``docs`` folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mdpytest import expectations
from mdpytest.page import MarkdownPage

# Config fences are verified in a throwaway project made by pytester.
pytest_plugins = ["pytester"]

_pages = pytest.StashKey[list[MarkdownPage]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--md-summary",
        metavar="FILE",
        help="also write the one-line summary of the Markdown pages to FILE",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{expectations.MARK}(raises, match, where): set by mdpytest on .expect-fail examples"
    )
    config.stash[_pages] = []


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> MarkdownPage | None:
    root = parent.config.rootpath
    if file_path.suffix == ".md" and file_path.is_relative_to(root) and "docs" in file_path.relative_to(root).parts:
        page = MarkdownPage.from_parent(parent, path=file_path)
        parent.config.stash[_pages].append(page)
        return page
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    expectations.judge(item, call, report)
    return report


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    pages = config.stash[_pages]
    if not pages:
        return
    counts = [page.fence_counts for page in pages if "fences" in page.__dict__]
    run, not_run = sum(c[0] for c in counts), sum(c[1] for c in counts)
    passed = len(terminalreporter.stats.get("passed", []))
    line = f"verified: {len(counts)} pages, {run} examples run, {not_run} not run, {passed} tests passed"
    terminalreporter.write_line(line)
    if target := config.getoption("--md-summary"):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_text(line + "\n")
