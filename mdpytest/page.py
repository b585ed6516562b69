"""Build a pytest module from a page's examples (``mdpytest.examples``).

The page's code runs in page order in one module namespace, as a reader would paste it into
one file, and pytest then collects that module as usual: the ``test_*`` functions, fixtures
and marks the fences define behave exactly as in a ``.py`` file. An example that is not
itself a test gets an item, ``test_fence_L<line>``, which reports how it ran. Code is compiled
with the page's path and line numbers, so every traceback points at the Markdown source.
"""

from __future__ import annotations

import ast
import copy
import functools
import importlib
import linecache
import sys
import types
import zlib
from pathlib import Path

import pytest

# pytest has no public API for rewriting the asserts of code it did not import itself; this
# function is what its import hook calls. tests/engine/test_assert_rewriting.py holds it to
# its contract (a failing assert on a page shows the compared values).
from _pytest.assertion.rewrite import rewrite_asserts

from mdpytest import configs, runtime
from mdpytest.examples import Example, Page, read_page
from mdpytest.fences import FenceError, page_lines
from mdpytest.limits import FenceTimeout, collection_timeout, time_limit

RUNNER = "__mdpytest__"
EXAMPLE_PROPERTY = "mdpytest-example"  # user property: the example an item belongs to
NOT_RUN_PROPERTY = "mdpytest-not-run"


class MarkdownPage(pytest.Module):
    """A Markdown page collected as a test module."""

    @functools.cached_property
    def model(self) -> Page:
        try:
            page = read_page(self.path, self.display_path, self.config.rootpath, self._is_test_name)
        except FenceError as error:
            raise self.CollectError(str(error)) from None
        _share_source(self.path, page)
        return page

    def _is_test_name(self, name: str) -> bool:
        return bool(self.funcnamefilter(name) or self.classnamefilter(name))

    def _getobj(self) -> types.ModuleType:
        self.examples = {}
        examples = [e for e in self.model.examples if not e.own_namespace]
        return PageBuilder(self, self.model, examples).build(self.module_name)

    def collect(self):
        yield from super().collect()
        for example in self.model.examples:
            if example.own_namespace and example.kind != "config":
                name = f"L{example.line}"
                yield FenceModule.from_parent(
                    self, path=self.path, name=name, nodeid=f"{self.nodeid}::{name}", example=example
                )

    @property
    def display_path(self) -> str:
        return self.nodeid.split("::")[0]

    @property
    def module_name(self) -> str:
        """A name for ``sys.modules``, unique per file so copies of a page never collide."""
        stem = "".join(c if c.isalnum() else "_" for c in self.display_path.removesuffix(".md"))
        return f"mdpytest_pages.{stem}_{zlib.crc32(bytes(self.path)):08x}"


class FenceModule(pytest.Module):
    """An ``.own-namespace`` example: a module of its own inside its page."""

    def __init__(self, *, example: Example, **kwargs):
        super().__init__(**kwargs)
        self.example = example

    def _getobj(self) -> types.ModuleType:
        self.examples = {}
        page = self.parent
        return PageBuilder(self, page.model, [self.example]).build(f"{page.module_name}_L{self.example.line}")


def example_of(item: pytest.Item) -> Example | None:
    """The example an item of a page belongs to."""
    collector = item.parent
    while collector is not None and not isinstance(collector, MarkdownPage | FenceModule):
        collector = collector.parent
    if collector is None:
        return None
    top = item.nodeid.removeprefix(collector.nodeid + "::").split("::")[0].split("[")[0]
    return collector.examples.get(top)


class PageBuilder:
    """Runs examples into a fresh module and adds an item for each one that is not a test."""

    def __init__(self, collector: MarkdownPage | FenceModule, page: Page, examples: list[Example]):
        self.collector = collector
        self.config = collector.config
        self.page = page
        self.examples = examples
        self.limit = collection_timeout(self.config)
        self.checks: dict[int, object] = {}  # line -> what its item calls

    def build(self, name: str) -> types.ModuleType:
        module = types.ModuleType(name)
        module.__file__ = str(self.collector.path)
        namespace = module.__dict__
        namespace[RUNNER] = self
        sys.modules[name] = module
        for example in self.examples:
            try:
                with time_limit(self.limit, example.where):
                    self._add(namespace, example)
            except FenceTimeout as timeout:
                raise self.collector.CollectError(str(timeout)) from None
            except LookupError as error:  # an expected failure's data-raises names nothing
                if example.expected is None or "data-raises" not in str(error):
                    raise
                raise self.collector.CollectError(f"{example.where}: {error}") from None
            except pytest.skip.Exception as skip:
                if not skip.allow_module_level:
                    raise self.collector.CollectError(
                        f"{example.where}: pytest.skip() outside a test skips the whole page: "
                        "pass allow_module_level=True if that is what you mean, or use pytest.importorskip()"
                    ) from None
                raise
        for example in self.examples:
            if example.expected is not None:
                try:
                    runtime.resolve(example.expected.raises, namespace)
                except LookupError as error:
                    raise self.collector.CollectError(f"{example.where}: {error}") from None
        return module

    def _add(self, namespace: dict, example: Example) -> None:
        if example.not_run is not None:
            self._item(namespace, example, "def {name}(): pass")
        elif example.kind == "include":
            for module in example.modules:
                importlib.import_module(module)
            self._item(namespace, example, "def {name}(): pass")
        elif example.kind == "config":
            self.checks[example.line] = example
            self._item(namespace, example, "def {name}(pytester): {hide}{runner}.check_config(pytester, {line})")
        elif example.kind == "console":
            self.checks[example.line] = runtime.ConsoleSession(
                example.fence.code, namespace, self.page.path, example.line
            )
            self._item(namespace, example, "def {name}(): {hide}{runner}.check({line})")
        elif example.kind == "await":
            self._add_await(namespace, example)
        else:
            self._add_code(namespace, example)

    def _compile(self, tree: ast.Module, example: Example):
        rewrite_asserts(tree, example.fence.padded().encode(), self.collector.path, self.config)
        return compile(tree, str(self.collector.path), "exec", flags=self.page.future_flags, dont_inherit=True)

    def _add_code(self, namespace: dict, example: Example) -> None:
        code = self._compile(copy.deepcopy(example.tree), example)
        if example.expected is not None and not example.tests:
            capture = runtime.ExpectedFailure(example.expected.raises, example.expected.match, example.where, namespace)
            with capture:
                exec(code, namespace)
            self.checks[example.line] = capture
            self._item(namespace, example, "def {name}(): {hide}{runner}.check({line})")
            return
        exec(code, namespace)
        if not example.tests:
            self._item(namespace, example, "def {name}(): pass")
            return
        for test in example.tests:
            self.collector.examples[test] = example
            if example.expected is not None and test in namespace:
                namespace[test] = self._mark(example)(namespace[test])

    def _add_await(self, namespace: dict, example: Example) -> None:
        """The fence's code as the body of ``async def test_fence_L<line>()``: its names stay local."""
        tree = copy.deepcopy(example.tree)
        function = ast.AsyncFunctionDef(
            name=example.item_name,
            args=ast.arguments([], [], None, [], [], None, []),
            body=tree.body,
            decorator_list=[],
            lineno=example.line,
            col_offset=0,
            end_lineno=tree.body[-1].end_lineno,
            end_col_offset=0,
        )
        module = ast.fix_missing_locations(ast.Module(body=[function], type_ignores=[]))
        exec(self._compile(module, example), namespace)
        self.collector.examples[example.item_name] = example
        if example.expected is not None:
            namespace[example.item_name] = self._mark(example)(namespace[example.item_name])

    def _item(self, namespace: dict, example: Example, template: str) -> None:
        """Define ``test_fence_L<line>`` at the example's own line, so its item reports there."""
        name = example.item_name
        source = template.format(name=name, hide="__tracebackhide__ = True; ", runner=RUNNER, line=example.line)
        exec(
            compile("\n" * (example.line - 1) + source, str(self.collector.path), "exec", dont_inherit=True), namespace
        )
        function = namespace[name]
        if example.not_run is not None:
            function = pytest.mark.skip(reason=f"not run: {example.not_run}")(function)
        namespace[name] = function
        self.collector.examples[name] = example

    def _mark(self, example: Example) -> pytest.MarkDecorator:
        expected = example.expected
        return getattr(pytest.mark, runtime.MARK)(expected.raises, match=expected.match, where=example.where)

    # Called by the generated items.

    def check(self, line: int) -> None:
        __tracebackhide__ = True
        self.checks[line].check()

    def check_config(self, pytester: pytest.Pytester, line: int) -> None:
        __tracebackhide__ = True
        example = self.checks[line]
        configs.verify(pytester, example.fence.language, example.fence.code, example.config_file)


def _share_source(path: Path, page: Page) -> None:
    """Show tracebacks the page's code at its Markdown lines, not the Markdown around it.

    An entry without a modification time stays in linecache for the whole run.
    """
    lines = [""] * len(page_lines(path.read_text(encoding="utf-8")))
    for example in page.examples:
        if example.kind in {"code", "await", "console"}:
            # The fence's first code line is page line ``line + 1``, index ``line``.
            for offset, text in enumerate(example.fence.code.split("\n")):
                if example.line + offset < len(lines):
                    lines[example.line + offset] = text
    source = [line + "\n" for line in lines]
    linecache.cache[str(path)] = (sum(map(len, source)), None, source, str(path))
