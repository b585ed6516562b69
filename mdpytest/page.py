"""Build a pytest module from a Markdown page.

The page's python fences run in order in one module namespace, as a reader would paste them
into one file; pytest then collects that module as usual, so the ``test_*`` functions,
fixtures and marks the fences define behave exactly as in a ``.py`` file. A fence that is not
itself a test still gets an item, ``test_fence_L<line>``, which reports how the fence ran.
Code is compiled with the page's path and line numbers, so every traceback points at the
Markdown source.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import linecache
import sys
import types
import zlib
from pathlib import Path

import pytest
from _pytest.assertion.rewrite import rewrite_asserts

from mdpytest import configs
from mdpytest.expectations import expectation
from mdpytest.fences import CONFIG, PYTHON, Fence, FenceError, read_fences

RUNNER = "__mdpytest__"


class MarkdownPage(pytest.Module):
    """A ``docs/**/*.md`` page collected as a test module."""

    @functools.cached_property
    def fences(self) -> list[Fence]:
        try:
            fences = read_fences(self._display_path, self.path.read_text(encoding="utf-8"))
        except FenceError as error:
            raise self.CollectError(str(error)) from None
        _share_source(self.path, fences)
        return fences

    def _getobj(self) -> types.ModuleType:
        try:
            return PageBuilder(self, [f for f in self.fences if not f.own_namespace]).build(self._module_name)
        except FenceError as error:
            raise self.CollectError(str(error)) from None

    def collect(self):
        yield from super().collect()
        for fence in self.fences:
            if fence.own_namespace and fence.language in PYTHON:
                yield FenceModule.from_parent(
                    self, path=self.path, name=f"L{fence.line}", nodeid=f"{self.nodeid}::L{fence.line}", fence=fence
                )

    @property
    def _display_path(self) -> str:
        return self.nodeid.split("::")[0]

    @property
    def _module_name(self) -> str:
        """A name for ``sys.modules``, unique per file so copies of a page never collide."""
        stem = "".join(c if c.isalnum() else "_" for c in self._display_path.removesuffix(".md"))
        return f"mdpytest_pages.{stem}_{zlib.crc32(bytes(self.path)):08x}"

    @property
    def fence_counts(self) -> tuple[int, int]:
        """(examples run, examples not run) on this page."""
        counted = [fence for fence in self.fences if fence.language in PYTHON | CONFIG]
        not_run = sum(fence.not_run for fence in counted)
        return len(counted) - not_run, not_run


class FenceModule(pytest.Module):
    """An ``.own-namespace`` fence: a module of its own inside its page."""

    def __init__(self, *, fence: Fence, **kwargs):
        super().__init__(**kwargs)
        self.fence = fence

    def _getobj(self) -> types.ModuleType:
        try:
            name = self.parent._module_name + f"_L{self.fence.line}"
            return PageBuilder(self, [self.fence]).build(name)
        except FenceError as error:
            raise self.CollectError(str(error)) from None


class PageBuilder:
    """Runs fences into a fresh module and adds an item for each fence that is not a test."""

    def __init__(self, collector: pytest.Module, fences: list[Fence]):
        self.collector = collector
        self.config = collector.config
        self.fences = fences
        self.page = fences[0].path if fences else collector.nodeid
        self.fences_by_line = {fence.line: fence for fence in fences}
        self.tests: dict[str, int] = {}
        self.actions: dict[int, object] = {}

    def build(self, name: str) -> types.ModuleType:
        module = types.ModuleType(name)
        module.__file__ = str(self.collector.path)
        module.__dict__[RUNNER] = self
        sys.modules[name] = module
        for fence in self.fences:
            if fence.language in PYTHON:
                self._add_python(module.__dict__, fence)
            elif fence.language in CONFIG:
                self._add_config(module.__dict__, fence)
        return module

    # Items the fences become.

    def _add_python(self, namespace: dict, fence: Fence) -> None:
        if fence.not_run:
            self._add_item(namespace, fence, "skip")
            return
        if fence.includes:
            self.actions[fence.line] = self._include_action(fence)
            self._add_item(namespace, fence, "run")
            return
        tree = self._parse(fence)
        defined = self._test_names(fence, tree)
        rewrite_asserts(tree, fence.padded().encode(), self.collector.path, self.config)
        code = compile(tree, str(self.collector.path), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        if code.co_flags & inspect.CO_COROUTINE:
            self.actions[fence.line] = lambda: eval(code, namespace)
            self._add_item(namespace, fence, "await")
            return
        try:
            exec(code, namespace)
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # re-raised by the fence's own item, so the page still collects
            self.actions[fence.line] = _reraise(error)
            self._add_item(namespace, fence, "run")
            return
        if not defined:
            self.actions[fence.line] = lambda: None
            self._add_item(namespace, fence, "run")
        elif fence.expect_fail:
            for test in defined:
                namespace[test] = self._expectation(fence)(namespace[test])

    def _add_config(self, namespace: dict, fence: Fence) -> None:
        if fence.not_run:
            self._add_item(namespace, fence, "skip")
        elif _is_checked_config(fence):
            self._add_item(namespace, fence, "config")
        else:
            raise FenceError(
                fence.path, fence.line, f'a {fence.language} fence that is not pytest configuration needs .not-run and data-reason="..."'
            )

    def _add_item(self, namespace: dict, fence: Fence, kind: str) -> None:
        """Define ``test_fence_L<line>`` at the fence's own line, so its item reports there."""
        name = f"test_fence_L{fence.line}"
        hide = "__tracebackhide__ = True; "
        body = {
            "run": f"def {name}(): {hide}{RUNNER}.run({fence.line})",
            "await": f"async def {name}(): {hide}await {RUNNER}.run({fence.line})",
            "config": f"def {name}(pytester): {hide}{RUNNER}.check_config(pytester, {fence.line})",
            "skip": f"def {name}(): pass",
        }[kind]
        exec(compile("\n" * (fence.line - 1) + body, str(self.collector.path), "exec"), namespace)
        function = namespace[name]
        if kind == "skip":
            function = pytest.mark.skip(reason=f"not run: {fence.options['data-reason']}")(function)
        elif fence.expect_fail:
            function = self._expectation(fence)(function)
        namespace[name] = function

    def _expectation(self, fence: Fence) -> pytest.MarkDecorator:
        return expectation(fence.options["data-raises"], fence.options.get("data-match"), f"{self.page}:{fence.line}")

    # Called by the generated items.

    def run(self, line: int):
        __tracebackhide__ = True
        return self.actions[line]()

    def check_config(self, pytester: pytest.Pytester, line: int) -> None:
        __tracebackhide__ = True
        fence = self.fences_by_line[line]
        configs.verify(pytester, fence.language, fence.code)

    # Checks on the page's code.

    def _parse(self, fence: Fence) -> ast.Module:
        try:
            return compile(fence.padded(), str(self.collector.path), "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        except SyntaxError as error:
            raise FenceError(fence.path, error.lineno or fence.line, f"syntax error in python fence: {error.msg}") from None

    def _test_names(self, fence: Fence, tree: ast.Module) -> list[str]:
        names = []
        for node in tree.body:
            is_test = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
            if is_test or (isinstance(node, ast.ClassDef) and node.name.startswith("Test")):
                if node.name in self.tests:
                    raise FenceError(
                        fence.path, node.lineno, f"{node.name} is already defined at line {self.tests[node.name]}"
                    )
                self.tests[node.name] = node.lineno
                names.append(node.name)
        return names

    def _include_action(self, fence: Fence):
        root = self.config.rootpath
        modules = []
        for target in fence.includes:
            file = target.split(":")[0]
            if not (root / file).is_file():
                raise FenceError(fence.path, fence.line, f"included file not found: {file}")
            if file.endswith(".py"):
                modules.append(".".join(Path(file).with_suffix("").parts).removesuffix(".__init__"))

        def import_included():
            __tracebackhide__ = True
            for name in modules:
                importlib.import_module(name)

        return import_included


def _reraise(error: BaseException):
    def action():
        __tracebackhide__ = True
        raise error

    return action


def _is_checked_config(fence: Fence) -> bool:
    return fence.language in CONFIG and not fence.not_run and configs.is_pytest_config(fence.code)


def _share_source(path: Path, fences: list[Fence]) -> None:
    """Show tracebacks the page's python code at its Markdown lines, not the Markdown around it.

    An entry without a modification time stays in linecache for the whole run.
    """
    lines = [""] * len(path.read_text(encoding="utf-8").splitlines())
    for fence in fences:
        if fence.language in PYTHON:
            # The fence's first code line is page line ``fence.line + 1``, index ``fence.line``.
            for offset, line in enumerate(fence.code.splitlines()):
                lines[fence.line + offset] = line
    source = [line + "\n" for line in lines]
    linecache.cache[str(path)] = (sum(map(len, source)), None, source, str(path))
