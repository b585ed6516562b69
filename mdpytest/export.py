"""Export each page's examples as a plain pytest module that runs without this plugin.

``python -m mdpytest.export [--out DIR] [pages...]`` writes, for every page under ``docs/``
with python or pytest-config fences, ``DIR/test_<page>.py``: the fences in page order, as a
reader would paste them into one file next to ``snippets/``. The translation, fence by fence:

- plain code is copied as it is, at module level;
- an include-only fence (``--8<-- "snippets/x.py"``) becomes ``import snippets.x``;
- a fence with top-level ``await`` becomes ``async def test_fence_L<line>():`` that declares
  ``global`` every name the fence binds, so later code sees them as the page does;
- ``.not-run`` becomes a skipped test with the reason; its code is kept as a comment;
- ``.expect-fail`` code becomes a test that runs it inside ``pytest.raises(<class>, match=...)``;
  ``.expect-fail`` tests get ``@pytest.mark.must_fail(<class>, match=...)``, judged by a hook
  in the exported ``conftest.py`` exactly like the plugin judges them: the test passes only if
  its setup, call or teardown raises that exception with a matching message, and fails if
  it passes or fails some other way;
- ``.own-namespace`` becomes a module of its own, ``test_<page>__L<line>.py``;
- a pytest configuration fence becomes a test that runs it with ``pytester``, like the plugin.

``DIR`` also gets ``conftest.py`` (``docs/conftest.py``, the leaked-task guard, plus the
``must_fail`` judge) and a
``pyproject.toml`` holding the repository's ``[tool.pytest]`` table, so
``cd DIR && pytest -p no:mdpytest`` runs every exported page with the site's configuration.
``--zip`` also writes ``DIR/<page>.zip`` per page (its modules, ``conftest.py``,
``pyproject.toml`` and the ``snippets`` package: unzip and run ``pytest``) and
``DIR/index.json`` mapping each page to its files.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import inspect
import json
import re
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from mdpytest import configs
from mdpytest.fences import CONFIG, PYTHON, Fence, read_fences

ROOT = Path(__file__).resolve().parent.parent
INDENT = "    "

JUDGE = '''

# Added by mdpytest.export: the judge of ``@pytest.mark.must_fail``, which the exported
# ``.expect-fail`` tests carry. Such a test passes only if one of its phases (setup, call or
# teardown) raises the exception with a message matching ``match``; if every phase passes,
# or it fails some other way, the test fails.

import re as _re

_must_fail_seen = pytest.StashKey[bool]()
_must_fail_other = pytest.StashKey[bool]()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "must_fail(exception, match=None): the example must fail with this exception and message"
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    mark = item.get_closest_marker("must_fail")
    if mark is None:
        return report
    exception, match = mark.args[0], mark.kwargs.get("match")
    expected = exception.__name__ if match is None else f"{exception.__name__} matching {match!r}"
    if report.failed and call.excinfo is not None:
        error = call.excinfo.value
        if isinstance(error, exception) and (match is None or _re.search(match, str(error))):
            item.stash[_must_fail_seen] = True
            report.outcome, report.longrepr = "passed", None
            if call.when == "setup":
                item.runtest = lambda: None  # the fixture error was the point; nothing to run
        else:
            item.stash[_must_fail_other] = True
            report.sections.append(("must_fail", f"expected {expected}, got {call.excinfo.exconly()}"))
    elif call.when == "teardown" and report.passed:
        if not item.stash.get(_must_fail_seen, False) and not item.stash.get(_must_fail_other, False):
            report.outcome = "failed"
            report.longrepr = f"this example was expected to fail with {expected}, but it passed"
    return report
'''


def module_stem(page: Path, docs: Path) -> str:
    """``docs/best-practices.md`` -> ``test_best_practices``."""
    relative = page.relative_to(docs).with_suffix("")
    return "test_" + re.sub(r"\W", "_", "_".join(relative.parts))


@dataclass
class Module:
    """One exported module being written."""

    page: str
    parts: list[str] = field(default_factory=list)
    needs_pytest: bool = False
    needs_pytester: bool = False
    extra_imports: set[str] = field(default_factory=set)
    packages: set[str] = field(default_factory=set)  # what the page imports, to find exceptions in
    tests: int = 0

    def source(self) -> str:
        header = [f'"""Examples of {self.page}, exported by mdpytest.export.', ""]
        header += ["Run with plain pytest next to ``snippets/``: ``pytest -p no:mdpytest`` in this folder.", '"""', ""]
        imports = sorted(self.extra_imports | ({"pytest"} if self.needs_pytest else set()))
        header += [f"import {name}" for name in imports]
        if self.needs_pytester:
            header += ["", 'pytest_plugins = ["pytester"]']
        return "\n".join(header).rstrip("\n") + "\n\n" + "\n\n".join(self.parts).rstrip("\n") + "\n"


class ExportError(Exception):
    pass


def export_page(page: Path, root: Path = ROOT) -> dict[str, str]:
    """File name -> source for one page; empty if the page has no python or config fence."""
    docs = root / "docs"
    display = page.relative_to(root).as_posix()
    fences = [f for f in read_fences(Path(display), page.read_text(encoding="utf-8")) if f.language in PYTHON | CONFIG]
    if not fences:
        return {}
    stem = module_stem(page, docs)
    packages = set()
    for fence in fences:
        if fence.language in PYTHON and not fence.includes:
            try:
                tree = compile(fence.code, display, "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            except SyntaxError:
                continue
            packages |= _imported_packages(tree)
    main = Module(display, packages=packages)
    files: dict[str, Module] = {f"{stem}.py": main}
    page_fixtures = _fixtures([f for f in fences if not f.own_namespace])
    for fence in fences:
        if fence.own_namespace and fence.language in PYTHON:
            own = Module(f"{display} (line {fence.line}, own namespace)", packages=packages)
            # pytest shows a page's fixtures to the page's own-namespace examples; so does this.
            shared = [name for name in page_fixtures if name not in _fixtures([fence])]
            if shared:
                own.parts.append(f"# The page's fixtures, which its own-namespace examples see too\nfrom {stem} import {', '.join(shared)}")
            _add_fence(own, fence, display)
            files[f"{stem}__L{fence.line}.py"] = own
        else:
            _add_fence(main, fence, display)
    if main.tests == 0:
        main.parts.append(
            "def test_page_examples_ran():\n"
            f'{INDENT}"""The examples of {display} define no test; they ran when this module was imported."""'
        )
    return {name: module.source() for name, module in files.items()}


def _add_fence(module: Module, fence: Fence, page: str) -> None:
    where = f"# {page}, line {fence.line}"
    name = f"test_fence_L{fence.line}"
    if fence.not_run:
        module.needs_pytest = True
        module.tests += 1
        reason = f"not run: {fence.options['data-reason']}"
        code = "\n".join(f"# {line}".rstrip() for line in fence.code.rstrip("\n").splitlines())
        module.parts.append(f"{where} (not run)\n{code}\n@pytest.mark.skip(reason={reason!r})\ndef {name}():\n{INDENT}pass")
        return
    if fence.language in CONFIG:
        module.needs_pytest = module.needs_pytester = True
        module.tests += 1
        module.parts.append(_config_test(fence, where, name))
        return
    if fence.includes:
        imports = []
        for target in fence.includes:
            file = target.split(":")[0]
            if file.endswith(".py"):
                dotted = ".".join(Path(file).with_suffix("").parts).removesuffix(".__init__")
                imports.append(f"import {dotted}")
        module.parts.append(f"{where} (shows {', '.join(fence.includes)})\n" + "\n".join(dict.fromkeys(imports)))
        return
    code = fence.code.rstrip("\n")
    tree = ast.parse(code) if not _is_async(fence) else None
    if tree is None:
        # Top-level await: the fence runs as an async test that binds its names globally.
        tree = compile(code, page, "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        module.tests += 1
        body = _globals(tree) + _wrap_raises(module, fence, code, tree)
        module.parts.append(f"{where}\nasync def {name}():\n" + body)
        return
    tests = _test_names(tree)
    module.tests += len(tests)
    if fence.expect_fail and not tests:
        # Code expected to fail when it runs: a test that holds it to that failure.
        module.tests += 1
        body = _globals(tree) + _wrap_raises(module, fence, code, tree)
        module.parts.append(f"{where} (expected to fail)\ndef {name}():\n" + body)
        return
    if fence.expect_fail:
        module.needs_pytest = True
        exception = _exception(module, fence)
        mark = f"@pytest.mark.must_fail({exception}, match={fence.options.get('data-match')!r})"
        code = _decorate(code, tree, mark)
    module.parts.append(f"{where}\n{code}")


def _decorate(code: str, tree: ast.Module, mark: str) -> str:
    """Put ``mark`` above each top-level test function or class, over its own decorators."""
    lines = code.splitlines()
    starts = []
    for node in tree.body:
        is_test = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
        if is_test or (isinstance(node, ast.ClassDef) and node.name.startswith("Test")):
            starts.append(min([node.lineno] + [d.lineno for d in node.decorator_list]))
    for start in sorted(starts, reverse=True):
        lines.insert(start - 1, mark)
    return "\n".join(lines)


def _is_async(fence: Fence) -> bool:
    """Whether the fence uses top-level ``await`` (``async for``, ``async with``)."""
    code = compile(fence.code, str(fence.path), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    return bool(code.co_flags & inspect.CO_COROUTINE)


def _wrap_raises(module: Module, fence: Fence, code: str, tree: ast.Module) -> str:
    """The fence's code as a function body; inside ``pytest.raises`` if it is expected to fail."""
    _check_annotations(fence, tree)
    if not fence.expect_fail:
        return _indent(code, tree, 1)
    module.needs_pytest = True
    exception = _exception(module, fence)
    match = fence.options.get("data-match")
    return f"{INDENT}with pytest.raises({exception}, match={match!r}):\n" + _indent(code, tree, 2)


def _exception(module: Module, fence: Fence) -> str:
    """A Python expression for the exception class named by ``data-raises``."""
    name = fence.options["data-raises"]
    if "." in name:
        owner = name.rsplit(".", 1)[0]
        module.extra_imports.add(owner)
        return name
    if isinstance(getattr(builtins, name, None), type) and issubclass(getattr(builtins, name), BaseException):
        return name
    module.needs_pytest = True
    if name == "Failed":
        return "pytest.fail.Exception"
    if name == "Skipped":
        return "pytest.skip.Exception"
    import pytest

    if isinstance(getattr(pytest, name, None), type):
        return f"pytest.{name}"
    if found := _find_exception(name, module.packages):
        module.extra_imports.add(found.rsplit(".", 1)[0])
        return found
    raise ExportError(f"{fence.path}:{fence.line}: cannot name the class of data-raises={name!r}; use module.Class")


def _find_exception(name: str, packages: set[str]) -> str | None:
    """``module.Class`` for an exception class called ``name`` in a package the page imports.

    The plugin matches ``data-raises`` by class name; the export needs an importable path, and
    takes the shortest (most public) module that has the class as an attribute.
    """
    import importlib

    for package in packages:
        try:
            importlib.import_module(package)
        except ImportError:
            continue
    found = []
    for module_name, loaded in list(sys.modules.items()):
        if module_name.split(".")[0] not in packages or loaded is None:
            continue
        candidate = getattr(loaded, name, None)
        if isinstance(candidate, type) and issubclass(candidate, BaseException) and candidate.__name__ == name:
            found.append(module_name)
    if not found:
        return None
    return f"{min(found, key=lambda m: (m.count('.'), m.startswith('_') or '._' in m, m))}.{name}"


def _fixtures(fences: list[Fence]) -> list[str]:
    """Names of the fixtures the fences define at top level (decorated with ``...fixture...``)."""
    names = []
    for fence in fences:
        if fence.language not in PYTHON or fence.not_run or fence.includes:
            continue
        try:
            tree = compile(fence.code, str(fence.path), "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                "fixture" in ast.unparse(decorator) for decorator in node.decorator_list
            ):
                names.append(node.name)
    return list(dict.fromkeys(names))


def _imported_packages(tree: ast.Module) -> set[str]:
    packages = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            packages |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            packages.add(node.module.split(".")[0])
    return packages


def _test_names(tree: ast.Module) -> list[str]:
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            names.append(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            names.append(node.name)
    return names


class _Bound(ast.NodeVisitor):
    """Names a block of module-level code binds, not looking into nested scopes."""

    def __init__(self):
        self.names: dict[str, None] = {}

    def add(self, name: str | None) -> None:
        if name:
            self.names[name] = None

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Store | ast.Del):
            self.add(node.id)

    def visit_FunctionDef(self, node):
        self.add(node.name)
        for decorator in node.decorator_list:
            self.visit(decorator)

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_ClassDef = visit_FunctionDef

    def visit_Lambda(self, node):
        pass

    def visit_ListComp(self, node):
        pass

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

    def visit_alias(self, node):
        self.add(node.asname or node.name.split(".")[0])

    def visit_ExceptHandler(self, node):
        self.add(node.name)
        self.generic_visit(node)

    def visit_MatchAs(self, node):
        self.add(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node):
        self.add(node.name)

    def visit_MatchMapping(self, node):
        self.add(node.rest)
        self.generic_visit(node)


def _globals(tree: ast.Module) -> str:
    bound = _Bound()
    bound.visit(tree)
    return f"{INDENT}global {', '.join(bound.names)}\n" if bound.names else ""


def _check_annotations(fence: Fence, tree: ast.Module) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            raise ExportError(f"{fence.path}:{fence.line}: an annotated module-level name cannot be exported into a test")


def _indent(code: str, tree: ast.Module, levels: int) -> str:
    """Indent code, leaving the continuation lines of multi-line strings as they are."""
    keep: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant | ast.JoinedStr) and node.end_lineno and node.end_lineno > node.lineno:
            keep.update(range(node.lineno + 1, node.end_lineno + 1))
    prefix = INDENT * levels
    lines = code.splitlines()
    out = [line if (number in keep or not line.strip()) else prefix + line for number, line in enumerate(lines, 1)]
    return "\n".join(out) + "\n"


def _config_test(fence: Fence, where: str, name: str) -> str:
    file = configs.config_file(fence.language, fence.code)
    return (
        f"{where} ({file})\n"
        f"def {name}(pytester):\n"
        f'{INDENT}"""pytest accepts this {file} under --strict-config with warnings as errors."""\n'
        f"{INDENT}(pytester.path / {file!r}).write_text({fence.code!r})\n"
        f"{INDENT}pytester.makepyfile(test_probe={configs.PROBE!r})\n"
        f'{INDENT}result = pytester.runpytest_inprocess("--strict-config", "-W", "error", "-p", "no:randomly")\n'
        f"{INDENT}result.assert_outcomes(passed=2)"
    )


# The folder around the modules.


def pytest_table(root: Path = ROOT) -> str:
    """The repository's ``[tool.pytest]`` table, without ``testpaths`` (they name repo folders)."""
    table = dict(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"])
    table.pop("testpaths", None)
    lines = ["[tool.pytest]"] + [f"{key} = {_toml(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n"


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise ExportError(f"cannot write {value!r} as TOML")


def support_files(root: Path = ROOT) -> dict[str, str]:
    files = {"pyproject.toml": "# The pytest configuration of the site's pages.\n" + pytest_table(root)}
    conftest = root / "docs" / "conftest.py"
    if conftest.is_file():
        files["conftest.py"] = conftest.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + JUDGE
    else:
        files["conftest.py"] = '"""Added by mdpytest.export."""\n\nimport pytest\n' + JUDGE
    return files


def export(out: Path, pages: list[Path] | None = None, root: Path = ROOT, zips: bool = False) -> dict[str, list[str]]:
    """Write the exported modules; return page -> file names written for it."""
    docs = root / "docs"
    pages = sorted(pages) if pages else sorted(docs.rglob("*.md"))
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("test_*.py"):
        old.unlink()
    support = support_files(root)
    for name, text in support.items():
        (out / name).write_text(text, encoding="utf-8")
    written: dict[str, list[str]] = {}
    for page in pages:
        files = export_page(page.resolve(), root)
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
        if files:
            key = page.resolve().relative_to(docs).as_posix()
            written[key] = list(files)
            if zips:
                archive = out / (Path(key).with_suffix("").as_posix().replace("/", "_") + ".zip")
                with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
                    for name in [*files, *support]:
                        bundle.write(out / name, name)
                    for source in sorted((root / "snippets").rglob("*.py")):
                        bundle.write(source, source.relative_to(root).as_posix())
    if zips:
        (out / "index.json").write_text(json.dumps(written, indent=2) + "\n")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mdpytest.export", description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages to export (default: every docs/**/*.md)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "exported", help="folder to write (default: build/exported)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root holding docs/ and pyproject.toml")
    parser.add_argument("--zip", action="store_true", help="also write <page>.zip per page and index.json")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        written = export(args.out, [p.resolve() for p in args.pages] or None, root, zips=args.zip)
    except ExportError as error:
        print(f"export: {error}", file=sys.stderr)
        return 1
    count = sum(len(files) for files in written.values())
    print(f"exported {len(written)} pages into {count} modules in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
