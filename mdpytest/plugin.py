"""The pytest plugin: collect Markdown pages as test modules, and report a summary.

Registered through the ``pytest11`` entry point, it does nothing until a project opts in by
naming the folders whose ``*.md`` pages are collected::

    [tool.pytest]
    mdpytest_pages = ["docs"]
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mdpytest import runtime
from mdpytest.page import EXAMPLE_PROPERTY, NOT_RUN_PROPERTY, MarkdownPage, example_of

PAGES_INI = "mdpytest_pages"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        PAGES_INI, "folders (relative to the rootdir) whose *.md pages are collected as test modules", type="paths"
    )
    parser.addoption(
        "--md-summary",
        metavar="FILE",
        help="also write the one-line summary of the Markdown pages to FILE",
    )


def pytest_configure(config: pytest.Config) -> None:
    folders = config.getini(PAGES_INI)
    if folders:
        # Config fences are verified in a throwaway project made by pytester.
        if not config.pluginmanager.has_plugin("pytester"):
            config.pluginmanager.import_plugin("pytester")
        config.pluginmanager.register(runtime, "mdpytest-runtime")
        config.pluginmanager.register(Pages(config, folders), "mdpytest-pages")


class Pages:
    """Collects the pages under the opted-in folders and counts their examples as they run."""

    def __init__(self, config: pytest.Config, folders: list[Path]):
        self.config = config
        self.folders = [folder.resolve() for folder in folders]
        self.run: set[str] = set()
        self.not_run: set[str] = set()

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> MarkdownPage | None:
        if file_path.suffix == ".md" and any(file_path.is_relative_to(folder) for folder in self.folders):
            return MarkdownPage.from_parent(parent, path=file_path)
        return None

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        # After selection (-k, -m), so only the items that will run carry their example's name;
        # the property travels with the reports, also from xdist workers.
        for item in items:
            example = example_of(item)
            if example is not None:
                item.user_properties.append((EXAMPLE_PROPERTY, example.where))
                if example.not_run is not None:
                    item.user_properties.append((NOT_RUN_PROPERTY, example.where))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        properties = dict(report.user_properties)
        if EXAMPLE_PROPERTY not in properties:
            return
        if NOT_RUN_PROPERTY in properties:
            self.not_run.add(properties[NOT_RUN_PROPERTY])
        elif report.when == "call":
            self.run.add(properties[EXAMPLE_PROPERTY])

    def pytest_terminal_summary(self, terminalreporter) -> None:
        examples = self.run | self.not_run
        if not examples:
            return
        pages = {where.rsplit(":", 1)[0] for where in examples}
        line = (
            f"verified: {len(pages)} pages, {len(self.run)} examples run, {len(self.not_run)} not run, "
            f"{len(terminalreporter.stats.get('passed', []))} tests passed"
        )
        terminalreporter.write_line(line)
        if target := self.config.getoption("--md-summary"):
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            Path(target).write_text(line + "\n")
