"""The one model of a page: its fences turned into examples, every decision about them made here.

The collector (``mdpytest.page``) and the exporter (``mdpytest.export``) both consume
``read_page``; neither looks at a fence's info string or code on its own. Every rule of the
authoring contract (README, "Writing a page") that can be checked without running the page is
checked here, and a broken rule is a ``FenceError`` naming the page and line.

Kinds of example:

- ``code``: a python fence, run when the page is collected, in page order, in the page's
  namespace (or a namespace of its own); the ``test_*`` it binds are the page's tests.
- ``await``: a python fence with top-level ``await``; it runs as an async test of its own, so
  its names stay inside it, like a test function's locals.
- ``include``: a python fence of ``--8<--`` lines only; the files it shows are imported.
- ``console``: a ``pycon`` session, run as a doctest in the page's namespace.
- ``config``: a pytest configuration fence, run in a throwaway project.
"""

from __future__ import annotations
import __future__

import ast
import dataclasses
import doctest
import inspect
import re
import symtable
from collections.abc import Callable
from pathlib import Path

from mdpytest import configs
from mdpytest.fences import Fence, FenceError, read_fences

INCLUDE = re.compile(r"""^-+8<-+[ \t]+(?P<quote>["']?)(?P<target>[^"']+)(?P=quote)[ \t]*$""")
DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
CLASSES = {"expect-fail", "not-run", "own-namespace"}
HIGHLIGHT_KEYS = {"title", "hl_lines", "linenums"}
DATA_KEYS = {"data-raises", "data-match", "data-reason"}
SNIPPETS = "snippets"
_PARSE = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def default_is_test_name(name: str) -> bool:
    """pytest's default ``python_functions`` and ``python_classes``."""
    return name.startswith(("test", "Test"))


@dataclasses.dataclass(frozen=True)
class Expected:
    raises: str
    match: str | None


@dataclasses.dataclass(frozen=True)
class Example:
    fence: Fence
    kind: str  # code, await, include, console, config
    not_run: str | None = None  # the reason shown to the reader
    expected: Expected | None = None
    own_namespace: bool = False
    tree: ast.Module | None = None  # python code at its page lines
    tests: tuple[str, ...] = ()  # the collectable names it binds at module level
    modules: tuple[str, ...] = ()  # what an include imports
    config_file: str | None = None

    @property
    def line(self) -> int:
        return self.fence.line

    @property
    def where(self) -> str:
        return f"{self.fence.path}:{self.fence.line}"

    @property
    def item_name(self) -> str:
        """The item of an example that is not itself a test (or a test of its own)."""
        return f"test_fence_L{self.fence.line}"


@dataclasses.dataclass(frozen=True)
class Page:
    path: str  # as shown to the reader of an error: docs/page.md
    examples: tuple[Example, ...]
    future_flags: int  # of the page's ``from __future__`` imports, which apply to every fence
    future_source: str  # those imports, for a module that must start with them

    @property
    def counts(self) -> tuple[int, int]:
        """(examples run, examples not run)."""
        not_run = sum(example.not_run is not None for example in self.examples)
        return len(self.examples) - not_run, not_run


def read_page(file: Path, display: str, root: Path, is_test_name: Callable[[str], bool] = default_is_test_name) -> Page:
    """The page's examples, checked; raises ``FenceError`` at the first broken rule."""
    fences = read_fences(display, file.read_text(encoding="utf-8"))
    reader = _Reader(display, root, is_test_name)
    examples = [example for fence in fences if (example := reader.example(fence)) is not None]
    _check_order(examples)
    _check_duplicates([e for e in examples if not e.own_namespace])
    for example in examples:
        if example.own_namespace:
            _check_duplicates([example])
    return Page(display, tuple(examples), reader.future_flags, reader.future_source)


class _Reader:
    def __init__(self, display: str, root: Path, is_test_name: Callable[[str], bool]):
        self.display, self.root, self.is_test_name = display, root, is_test_name
        self.future_flags, self.future_source = 0, ""
        self.first_code = True

    def error(self, line: int, message: str) -> FenceError:
        return FenceError(self.display, line, message)

    def example(self, fence: Fence) -> Example | None:
        kind = fence.kind
        if kind is None:
            return None
        self._check_options(fence, kind)
        not_run = fence.options.get("data-reason") if "not-run" in fence.classes else None
        expected = None
        if "expect-fail" in fence.classes:
            expected = Expected(fence.options["data-raises"], fence.options.get("data-match"))
        common = dict(fence=fence, not_run=not_run, expected=expected, own_namespace="own-namespace" in fence.classes)
        if kind == "config":
            return Example(kind="config", config_file=self._config_file(fence, not_run), **common)
        if not_run is not None:
            return Example(kind="console" if kind == "console" else "code", **common)
        if kind == "python2":
            raise self.error(fence.line, 'Python 2 code cannot run: add .not-run and data-reason="..."')
        if kind == "console":
            self._check_console(fence)
            return Example(kind="console", **common)
        if modules := self._includes(fence):
            if expected is not None:
                raise self.error(fence.line, "an include cannot be .expect-fail: the files it shows must import")
            return Example(kind="include", modules=tuple(modules), **common)
        tree = self._parse(fence)
        if _is_async(tree, fence, self.future_flags):
            self._check_await(fence, tree)
            return Example(kind="await", tree=tree, **common)
        tests = tuple(dict.fromkeys(name for name, _ in definitions(tree) if self.is_test_name(name)))
        return Example(kind="code", tree=tree, tests=tests, **common)

    def _check_options(self, fence: Fence, kind: str) -> None:
        fail = lambda message: self.error(fence.line, message)  # noqa: E731
        allowed = CLASSES if kind == "python" else {"not-run"}
        for name in sorted(fence.classes - allowed):
            raise fail(
                f"unknown fence option '.{name}' for a {fence.language} fence (known: {', '.join(sorted(allowed))})"
            )
        for key in sorted(set(fence.options) - HIGHLIGHT_KEYS - DATA_KEYS):
            raise fail(f"unknown fence option {key!r}")
        not_run, expect_fail = "not-run" in fence.classes, "expect-fail" in fence.classes
        if not_run and expect_fail:
            raise fail("a fence cannot be both .not-run and .expect-fail")
        if not_run and not fence.options.get("data-reason", "").strip():
            raise fail('.not-run needs a reason the reader can see: data-reason="..."')
        if expect_fail and not fence.options.get("data-raises", "").strip():
            raise fail('.expect-fail needs the exception it fails with: data-raises="..."')
        if not expect_fail and {"data-raises", "data-match"} & set(fence.options):
            raise fail("data-raises and data-match need .expect-fail")
        if not not_run and "data-reason" in fence.options:
            raise fail("data-reason needs .not-run")
        if expect_fail and not DOTTED.match(fence.options["data-raises"]):
            raise fail(f"data-raises={fence.options['data-raises']!r} is not a class name or module.Class")
        if "data-match" in fence.options:
            try:
                re.compile(fence.options["data-match"])
            except re.error as error:
                raise fail(f"data-match is not a valid regular expression: {error}") from None

    def _config_file(self, fence: Fence, not_run: str | None) -> str | None:
        if not_run is not None:
            return None
        if not configs.is_pytest_config(fence.code):
            raise self.error(
                fence.line,
                f'a {fence.language} fence that is not pytest configuration needs .not-run and data-reason="..."',
            )
        return configs.config_filename(fence.language, fence.code, fence.options.get("title"))

    def _parse(self, fence: Fence) -> ast.Module:
        try:
            tree = compile(fence.padded(), self.display, "exec", flags=_PARSE | self.future_flags, dont_inherit=True)
        except SyntaxError as error:
            raise self.error(error.lineno or fence.line, f"syntax error in python fence: {error.msg}") from None
        self._check_future(fence, tree)
        return tree

    def _check_future(self, fence: Fence, tree: ast.Module) -> None:
        """``from __future__`` applies to a whole file: only the page's first code may hold it."""
        first_code, self.first_code = self.first_code, False
        body = tree.body[1:] if tree.body and _is_docstring(tree.body[0]) else tree.body
        leading = True
        for node in body:
            is_future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
            if is_future and not (first_code and leading and not fence.classes & {"own-namespace"}):
                raise self.error(node.lineno, "a from __future__ import must open the page's first python fence")
            if is_future:
                for alias in node.names:
                    self.future_flags |= getattr(__future__, alias.name).compiler_flag
                self.future_source += ast.unparse(node) + "\n"
            leading = leading and is_future

    def _check_await(self, fence: Fence, tree: ast.Module) -> None:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                if self.is_test_name(node.name) or is_fixture(node):
                    raise self.error(
                        node.lineno,
                        f"{node.name} is defined in a fence with top-level await, which runs as a test of its own: "
                        "define tests and fixtures in a fence without top-level await",
                    )

    def _check_console(self, fence: Fence) -> None:
        for example in doctest.DocTestParser().get_examples(fence.code):
            line = fence.line + 1 + example.lineno
            try:
                tree = compile(
                    "\n" * (line - 1) + example.source, self.display, "single", flags=_PARSE, dont_inherit=True
                )
            except SyntaxError as error:
                raise self.error(error.lineno or line, f"syntax error in pycon block: {error.msg}") from None
            if _is_async(tree, fence, 0, mode="single"):
                raise self.error(line, "await in a pycon block cannot run as a doctest: use a python fence")

    def _includes(self, fence: Fence) -> list[str]:
        """The modules an include-only fence imports; [] for a fence of code."""
        lines = [line.strip() for line in fence.code.splitlines() if line.strip()]
        found = [INCLUDE.match(line) for line in lines]
        if not any(found):
            return []
        if not all(found):
            raise self.error(
                fence.line, "a fence that includes a file holds only --8<-- lines: put the code in a fence of its own"
            )
        modules = []
        for match in found:
            file = self._include_target(fence, match["target"])
            if file.suffix == ".py":
                # From the name as written: snippets/ may be a link to elsewhere.
                parts = Path(match["target"].split(":")[0]).with_suffix("").parts
                modules.append(".".join(parts).removesuffix(".__init__"))
        return list(dict.fromkeys(modules))

    def _include_target(self, fence: Fence, target: str) -> Path:
        name, *selector = target.split(":")
        file = (self.root / name).resolve()
        if not file.is_relative_to((self.root / SNIPPETS).resolve()):
            raise self.error(fence.line, f"included files come from {SNIPPETS}/: {name}")
        if not file.is_file():
            raise self.error(fence.line, f"included file not found: {name}")
        lines = file.read_text(encoding="utf-8").splitlines()
        if len(selector) == 1 and not selector[0].isdigit():
            section = selector[0]
            for edge in ("start", "end"):
                if not any(re.search(rf"--8<-- \[{edge}:{re.escape(section)}\]", line) for line in lines):
                    raise self.error(
                        fence.line, f"{name} has no section {section!r} (no '--8<-- [{edge}:{section}]' line)"
                    )
        elif selector:
            numbers = [int(n) if n.isdigit() else None for n in selector[:2]]
            if None in numbers or any(not 1 <= n <= len(lines) for n in numbers):
                raise self.error(fence.line, f"{target}: expected a section name or lines 1-{len(lines)} of {name}")
        return file


def is_fixture(node: ast.stmt) -> bool:
    """Whether a def is decorated as a fixture (``@pytest.fixture``, ``@pytest_asyncio.fixture(...)``)."""
    decorators = getattr(node, "decorator_list", [])
    return any(ast.unparse(d.func if isinstance(d, ast.Call) else d).split(".")[-1] == "fixture" for d in decorators)


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _is_async(tree: ast.Module | ast.Interactive, fence: Fence, flags: int, mode: str = "exec") -> bool:
    code = compile(tree, str(fence.path), mode, flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT | flags, dont_inherit=True)
    return bool(code.co_flags & inspect.CO_COROUTINE)


def bindings(tree: ast.Module) -> list[tuple[str, int]]:
    """(name, line) for every name the code binds at module level, in order."""
    return [(name, line) for name, line, _ in _bindings(tree)]


def definitions(tree: ast.Module) -> list[tuple[str, int]]:
    """(name, line) for the functions and classes the code defines at module level."""
    return [(name, line) for name, line, defined in _bindings(tree) if defined]


def _bindings(tree: ast.Module) -> list[tuple[str, int, bool]]:
    """(name, line, defined by def or class) for every name the code binds at module level.

    Looks into ``if``, ``for``, ``with``, ``try`` and ``match`` blocks, which bind module names
    too, but not into functions, classes, lambdas or comprehensions.
    """
    found: list[tuple[str, int, bool]] = []

    class Visitor(ast.NodeVisitor):
        def add(self, name: str | None, node: ast.AST, defined: bool = False) -> None:
            if name:
                found.append((name, node.lineno, defined))

        def visit_Name(self, node):
            if isinstance(node.ctx, ast.Store):
                self.add(node.id, node)

        def visit_FunctionDef(self, node):
            for decorator in node.decorator_list:
                self.visit(decorator)
            self.add(node.name, node, defined=True)

        visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

        def visit_Lambda(self, node):
            pass

        visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_Lambda

        def visit_ImportFrom(self, node):
            for alias in node.names:
                if alias.name != "*":
                    self.add(alias.asname or alias.name, node)

        def visit_Import(self, node):
            for alias in node.names:
                self.add(alias.asname or alias.name.split(".")[0], node)

        def visit_ExceptHandler(self, node):
            self.add(node.name, node)
            self.generic_visit(node)

        def visit_MatchAs(self, node):
            self.add(node.name, node)
            self.generic_visit(node)

        visit_MatchStar = visit_MatchAs

        def visit_MatchMapping(self, node):
            self.add(node.rest, node)
            self.generic_visit(node)

    Visitor().visit(tree)
    return found


def _check_duplicates(examples: list[Example]) -> None:
    """A test rebound later on its page (redefined, assigned, imported) would silently never run."""
    tests: dict[str, int] = {}
    for example in examples:
        if example.kind != "code" or example.not_run is not None:
            continue
        for name, line, defined in _bindings(example.tree):
            if name in tests:
                raise FenceError(
                    example.fence.path,
                    line,
                    f"{name} is already defined at line {tests[name]}; the first one would never run",
                )
            if defined and name in example.tests:
                tests[name] = line


_DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass)


def _check_order(examples: list[Example]) -> None:
    """Keep the page's order the reader's order once an await fence runs as a test of its own.

    Code runs when the page is collected and await fences when tests run, so after an await
    fence only definitions may follow, and no later fence may use a name bound only inside one.
    """
    if not any(example.kind == "await" and not example.own_namespace for example in examples):
        return  # without an await fence, page order is collection order
    plain_names = {
        name
        for example in examples
        if example.kind == "code" and example.not_run is None and not example.own_namespace
        for name, _ in bindings(example.tree)
    }
    awaited: dict[str, int] = {}  # name -> the await fence that binds it
    first_await = None
    for example in examples:
        if example.own_namespace or example.not_run is not None or example.kind in {"config", "include"}:
            continue
        if first_await and example.kind == "console":
            raise FenceError(example.fence.path, example.line, _RUNS_EARLY.format(line=first_await))
        if awaited and example.tree is not None:
            for name, line in _global_reads(example):
                if name in awaited and name not in plain_names:
                    raise FenceError(
                        example.fence.path,
                        line,
                        f"{name} is bound inside the await fence at line {awaited[name]}, which runs as a test of its own "
                        "and keeps its names to itself: bind it in a fence without top-level await, or use it in that fence",
                    )
        if example.kind == "code" and first_await:
            for node in example.tree.body:
                if not (isinstance(node, _DEFINITIONS) or _is_docstring(node) or _is_constant_assignment(node)):
                    raise FenceError(example.fence.path, node.lineno, _RUNS_EARLY.format(line=first_await))
        if example.kind == "await":
            first_await = first_await or example.line
            for name, _ in bindings(example.tree):
                awaited.setdefault(name, example.line)


_RUNS_EARLY = (
    "this code runs when the page is collected, before the await fence at line {line}, which runs as a test: "
    "put it in a test function, or move the await fence below it (after an await fence, only definitions)"
)


def _is_constant_assignment(node: ast.stmt) -> bool:
    if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
        return False
    try:
        ast.literal_eval(node.value)
    except ValueError:
        return False
    return True


def _global_reads(example: Example) -> list[tuple[str, int]]:
    """(name, line) of the module-level names the code reads and does not bind itself."""
    tree = example.tree
    if example.kind == "await":
        wrapper = ast.AsyncFunctionDef(
            name="_", args=ast.arguments([], [], None, [], [], None, []), body=tree.body, decorator_list=[]
        )
        tree = ast.fix_missing_locations(ast.Module(body=[wrapper], type_ignores=[]))
    names: set[str] = set()
    tables = [symtable.symtable(ast.unparse(tree), "<fence>", "exec")]
    while tables:
        table = tables.pop()
        tables.extend(table.get_children())
        for symbol in table.get_symbols():
            module_level = table.get_type() == "module"
            if symbol.is_referenced() and (symbol.is_global() if not module_level else not symbol.is_assigned()):
                names.add(symbol.get_name())
    return [
        (node.id, node.lineno) for node in ast.walk(example.tree) if isinstance(node, ast.Name) and node.id in names
    ]
