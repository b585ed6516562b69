"""Export each page's examples as plain pytest modules that run without the plugin.

``python -m mdpytest.export [--out DIR] [pages...]`` writes, for every page under ``docs/``
with examples, ``DIR/test_<page>.py``: the examples in page order, as a reader would paste
them into one file next to ``snippets/``. It reads the page through the same model as the
plugin (``mdpytest.examples``), and each kind of example becomes what the plugin makes of it:

- plain code is copied as it is, at module level;
- an include becomes ``import snippets.x``;
- a fence with top-level ``await`` becomes ``async def test_fence_L<line>():`` (its names stay
  local to it, as on the page);
- ``.not-run`` becomes a skipped test with the reason; its code is kept as a comment;
- ``.expect-fail`` code without tests runs at module level inside
  ``with mdpytest_runtime.ExpectedFailure(...) as _fence_L<line>:`` and ``test_fence_L<line>``
  reports the verdict; ``.expect-fail`` tests get ``@pytest.mark.must_fail(...)``;
- a ``pycon`` session runs as a doctest (``mdpytest_runtime.ConsoleSession``);
- ``.own-namespace`` becomes a module of its own, ``test_<page>__L<line>.py``, which imports
  the page's module first (its module-level code, marks and skips apply, as on the page) and
  the page's fixtures;
- a pytest configuration fence becomes a test that runs it with ``pytester``, like the plugin.

``DIR`` also gets ``mdpytest_runtime.py`` (``mdpytest/runtime.py`` unchanged: the one judge of
expected failures), ``conftest.py`` (``docs/conftest.py`` plus loading that runtime) and a
``pyproject.toml`` holding the repository's ``[tool.pytest]`` table, so
``cd DIR && pytest -p no:mdpytest`` runs every exported page with the site's configuration.
``--zip`` also writes ``DIR/<page>.zip`` per page (its modules, the support files and the
``snippets`` package: unzip and run ``pytest``) and ``DIR/index.json`` mapping each page to
its files.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from mdpytest import configs, runtime
from mdpytest.examples import Example, Page, bindings, is_fixture, read_page
from mdpytest.fences import FenceError

ROOT = Path(__file__).resolve().parent.parent
INDENT = "    "
RUNTIME = "mdpytest_runtime"
MARK = f"pytest.mark.{runtime.MARK}"
# Settings of this repository that make no sense in an exported folder.
LOCAL_SETTINGS = ("testpaths", "mdpytest_pages")


def module_stem(page: Path, docs: Path) -> str:
    """``docs/best-practices.md`` -> ``test_best_practices``."""
    relative = page.relative_to(docs).with_suffix("")
    return "test_" + re.sub(r"\W", "_", "_".join(relative.parts))


@dataclass
class Module:
    """One exported module being written."""

    page: str
    future: str = ""
    parts: list[str] = field(default_factory=list)
    imports: set[str] = field(default_factory=set)
    pytester: bool = False
    tests: int = 0

    def source(self) -> str:
        header = [f'"""Examples of {self.page}, exported by mdpytest.export.', ""]
        header += ["Run with plain pytest next to ``snippets/``: ``pytest -p no:mdpytest`` in this folder.", '"""', ""]
        header += [self.future.rstrip("\n")] if self.future else []
        header += [f"import {name}" for name in sorted(self.imports)]
        if self.pytester:
            header += ["", 'pytest_plugins = ["pytester"]']
        return "\n".join(header).rstrip("\n") + "\n\n" + "\n\n".join(self.parts).rstrip("\n") + "\n"


class ExportError(Exception):
    pass


def export_page(page: Path, root: Path = ROOT) -> dict[str, str]:
    """File name -> source for one page; empty if the page has no examples."""
    display = page.relative_to(root).as_posix()
    try:
        model = read_page(page, display, root)
    except FenceError as error:
        raise ExportError(str(error)) from None
    if not model.examples:
        return {}
    stem = module_stem(page, root / "docs")
    main = Module(display, future=model.future_source)
    files: dict[str, Module] = {f"{stem}.py": main}
    page_fixtures = _fixtures([e for e in model.examples if not e.own_namespace])
    marks = any(
        name == "pytestmark" for e in model.examples if e.tree and not e.own_namespace for name, _ in bindings(e.tree)
    )
    for example in model.examples:
        if example.own_namespace and example.kind != "config":
            own = Module(f"{display} (line {example.line}, own namespace)", future=model.future_source)
            own.parts.append(_own_header(stem, [n for n in page_fixtures if n not in _fixtures([example])], marks))
            _add(own, model, example)
            if marks:
                own_marks = example.tree is not None and any(n == "pytestmark" for n, _ in bindings(example.tree))
                rest = f", *{RUNTIME}.mark_list(pytestmark)" if own_marks else ""
                own.imports.add(RUNTIME)
                own.parts.append(f"pytestmark = [*{RUNTIME}.mark_list(_page_marks){rest}]")
            files[f"{stem}__L{example.line}.py"] = own
        else:
            _add(main, model, example)
    if main.tests == 0:
        main.parts.append(
            "def test_page_examples_ran():\n"
            f'{INDENT}"""The examples of {display} define no test; they ran when this module was imported."""'
        )
    return {name: module.source() for name, module in files.items()}


def _own_header(stem: str, fixtures: list[str], marks: bool) -> str:
    lines = [
        "# The page's module runs first, as on the page; its fixtures and marks apply here too.",
        f"import {stem}  # noqa: F401",
    ]
    if fixtures:
        lines.append(f"from {stem} import {', '.join(fixtures)}")
    if marks:
        lines.append(f"from {stem} import pytestmark as _page_marks")
    return "\n".join(lines)


def _add(module: Module, page: Page, example: Example) -> None:
    where = f"# {example.where}"
    name = example.item_name
    if example.not_run is not None:
        module.imports.add("pytest")
        module.tests += 1
        reason = f"not run: {example.not_run}"
        code = "\n".join(f"# {line}".rstrip() for line in example.fence.code.rstrip("\n").splitlines())
        module.parts.append(
            f"{where} (not run)\n{code}\n@pytest.mark.skip(reason={reason!r})\ndef {name}():\n{INDENT}pass"
        )
        return
    if example.kind == "config":
        module.imports.add("pytest")
        module.pytester = True
        module.tests += 1
        module.parts.append(_config_test(example, where, name))
        return
    if example.kind == "include":
        imports = "\n".join(f"import {dotted}" for dotted in example.modules)
        shown = ", ".join(line.strip() for line in example.fence.code.splitlines() if line.strip())
        module.parts.append(f"{where} (shows {shown})\n{imports}".rstrip())
        return
    if example.kind == "console":
        module.imports.add(RUNTIME)
        module.tests += 1
        session = f"{RUNTIME}.ConsoleSession({example.fence.code!r}, globals(), {page.path!r}, {example.line})"
        module.parts.append(
            f"{where} (a console session)\n_{name[5:]} = {session}\n\n\ndef {name}():\n{INDENT}_{name[5:]}.check()"
        )
        return
    code = _without_future(example)
    tree = compile(
        code, example.where, "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
    )
    expected = example.expected
    if example.kind == "await":
        module.tests += 1
        mark = f"{_mark(module, example)}\n" if expected else ""
        module.parts.append(f"{where}\n{mark}async def {name}():\n" + _indent(code, tree, 1))
        return
    module.tests += len(example.tests)
    if expected and not example.tests:
        module.imports.add(RUNTIME)
        module.tests += 1
        capture = f"_{name[5:]}"
        opening = f"with {RUNTIME}.ExpectedFailure({expected.raises!r}, {expected.match!r}, {example.where!r}, globals()) as {capture}:"
        body = _indent(code, tree, 1)
        module.parts.append(
            f"{where} (expected to fail)\n{opening}\n{body}\n\ndef {name}():\n{INDENT}{capture}.check()"
        )
        return
    if expected:
        code = _decorate(code, tree, example.tests, _mark(module, example))
    module.parts.append(f"{where}\n{code}")


def _mark(module: Module, example: Example) -> str:
    module.imports.add("pytest")
    expected = example.expected
    return f"@{MARK}({expected.raises!r}, match={expected.match!r}, where={example.where!r})"


def _without_future(example: Example) -> str:
    """The fence's code without its ``from __future__`` imports, which open the module instead."""
    lines = example.fence.code.rstrip("\n").split("\n")
    for node in example.tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            for number in range(node.lineno, node.end_lineno + 1):
                lines[number - example.line - 1] = ""
    return "\n".join(lines)


def _decorate(code: str, tree: ast.Module, tests: tuple[str, ...], mark: str) -> str:
    """Put ``mark`` above each test function or class the code defines, over its own decorators."""
    lines = code.splitlines()
    starts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name in tests:
            starts.append((min([node.lineno] + [d.lineno for d in node.decorator_list]), node.col_offset))
    for start, column in sorted(starts, reverse=True):
        lines.insert(start - 1, " " * column + mark)
    return "\n".join(lines)


def _fixtures(examples: list[Example]) -> list[str]:
    """Names of the fixtures the examples define at top level (decorated with ``...fixture...``)."""
    names = []
    for example in examples:
        if example.kind != "code" or example.not_run is not None:
            continue
        for node in example.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and is_fixture(node):
                names.append(node.name)
    return list(dict.fromkeys(names))


def _indent(code: str, tree: ast.Module, levels: int) -> str:
    """Indent code, leaving the continuation lines of multi-line strings as they are."""
    keep: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant | ast.JoinedStr) and node.end_lineno and node.end_lineno > node.lineno:
            keep.update(range(node.lineno + 1, node.end_lineno + 1))
    prefix = INDENT * levels
    lines = code.splitlines()
    out = [line if (number in keep or not line.strip()) else prefix + line for number, line in enumerate(lines, 1)]
    if not any(line.strip() for line in out):
        out.append(prefix + "pass")
    return "\n".join(out) + "\n"


def _config_test(example: Example, where: str, name: str) -> str:
    """The check the plugin runs (``configs.verify``), written out for plain pytest."""
    file = example.config_file
    head = f"{where} ({file})\ndef {name}(pytester):\n"
    if error := configs.table_error(file, example.fence.code):
        return head + f"{INDENT}pytest.fail({error!r}, pytrace=False)"
    return head + (
        f'{INDENT}"""pytest reads this {file} and accepts it under --strict-config with warnings as errors."""\n'
        f"{INDENT}(pytester.path / {file!r}).write_text({example.fence.code!r})\n"
        f"{INDENT}(pytester.path / {configs.PROBE_FILE!r}).write_text({configs.PROBE!r})\n"
        f"{INDENT}result = pytester.runpytest_inprocess(*{configs.probe_args()!r})\n"
        f"{INDENT}result.assert_outcomes(passed=2)\n"
        f'{INDENT}result.stdout.fnmatch_lines(["*configfile: {file}*"])'
    )


# The folder around the modules.


def pytest_table(root: Path = ROOT) -> str:
    """The repository's ``[tool.pytest]`` table, without the settings that name its folders."""
    table = dict(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"])
    for key in LOCAL_SETTINGS:
        table.pop(key, None)
    lines = ["[tool.pytest]"] + [f"{key} = {toml_value(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n"


def toml_value(value) -> str:
    """A pytest setting's value (bool, number, string or a list of them) written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise ExportError(f"cannot write {value!r} as TOML")


def support_files(root: Path = ROOT) -> dict[str, str]:
    files = {"pyproject.toml": "# The pytest configuration of the site's pages.\n" + pytest_table(root)}
    files[f"{RUNTIME}.py"] = Path(runtime.__file__).read_text(encoding="utf-8")
    conftest = root / "docs" / "conftest.py"
    text = (
        conftest.read_text(encoding="utf-8").rstrip("\n") if conftest.is_file() else '"""Added by mdpytest.export."""'
    )
    plugins = "[*pytest_plugins, " if re.search(r"^pytest_plugins\b", text, re.M) else "["
    loads = f"# Added by mdpytest.export: the judge of the examples that must fail.\npytest_plugins = {plugins}{RUNTIME!r}]\n"
    files["conftest.py"] = text + "\n\n" + loads
    return files


def export(out: Path, pages: list[Path] | None = None, root: Path = ROOT, zips: bool = False) -> dict[str, list[str]]:
    """Write the exported modules; return page -> file names written for it."""
    docs = root / "docs"
    pages = sorted(pages) if pages else sorted(docs.rglob("*.md"))
    stems: dict[str, Path] = {}
    for page in pages:
        stem = module_stem(page.resolve(), docs)
        if stem in stems:
            raise ExportError(f"{page} and {stems[stem]} would both export to {stem}.py: rename one of them")
        stems[stem] = page
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
            # The page itself too, for the examples that read their own page.
            copy = out / "docs" / key
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
            written[key] = list(files)
            if zips:
                archive = out / (Path(key).with_suffix("").as_posix().replace("/", "_") + ".zip")
                with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
                    for name in [*files, *support, f"docs/{key}"]:
                        bundle.write(out / name, name)
                    for source in sorted((root / "snippets").rglob("*.py")):
                        bundle.write(source, source.relative_to(root).as_posix())
    if zips:
        (out / "index.json").write_text(json.dumps(written, indent=2) + "\n")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mdpytest.export", description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages to export (default: every docs/**/*.md)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "build" / "exported", help="folder to write (default: build/exported)"
    )
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
