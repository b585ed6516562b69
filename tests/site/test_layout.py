"""The tree shows which code belongs to which page (README, "Layout").

- ``snippets/<page_stem>/`` holds the code of ``docs/<page-stem>.md`` and of no other page;
- a module or package at the top of ``snippets/`` is shared: used by two or more pages, or by
  ``docs/conftest.py`` (which applies to every page);
- every page folder and every shared module has its tests in ``tests/snippets/test_<name>.py``;
- a fence whose title names a file under ``snippets/`` includes that file.

A page "uses" a module when its text names it (an include, an import, a ``mocker.patch``
target), or names a module that imports it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from mdpytest.examples import read_page

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
NAMED = re.compile(r"\bsnippets[./]((?:\w+[./])*\w+)")


def modules() -> dict[str, Path]:
    """Every importable module of the package by dotted name (``snippets.mocking.users``).

    Files in a folder without ``__init__.py`` (Alembic's ``migrations/``) are data that a
    module of the same page loads by path, not modules.
    """
    found = {}
    for file in SNIPPETS.rglob("*.py"):
        if not (file.parent / "__init__.py").is_file():
            continue
        parts = file.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts).removesuffix(".__init__")] = file
    return found


MODULES = modules()


def named_in(text: str) -> set[str]:
    """The modules a text names, as dotted paths or file paths, with their imports."""
    names = set()
    for match in NAMED.finditer(text):
        dotted = "snippets." + match[1].removesuffix(".py").replace("/", ".")
        while dotted not in MODULES and "." in dotted:  # snippets.x.Class.method -> snippets.x
            dotted = dotted.rsplit(".", 1)[0]
        if dotted in MODULES:
            names.add(dotted)
    return closure(names)


def closure(names: set[str]) -> set[str]:
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("snippets"):
                todo += [m for m in (node.module, *(f"{node.module}.{a.name}" for a in node.names)) if m in MODULES]
            elif isinstance(node, ast.Import):
                todo += [a.name for a in node.names if a.name in MODULES]
    return seen


USERS: dict[str, set[str]] = {}  # module -> the pages (stems) that use it
# The reference page documents the whole package: naming a module there is not using it.
for _page in [*(p for p in PAGES if p.name != "reference.md"), DOCS / "conftest.py"]:
    for _module in named_in(_page.read_text(encoding="utf-8")):
        USERS.setdefault(_module, set()).add(_page.stem)

PAGE_FOLDERS = sorted(
    p for p in SNIPPETS.iterdir() if p.is_dir() and (DOCS / f"{p.name.replace('_', '-')}.md").is_file()
)
SHARED = sorted(
    p
    for p in SNIPPETS.iterdir()
    if p not in PAGE_FOLDERS and p.name != "__init__.py" and (p.suffix == ".py" or (p / "__init__.py").is_file())
)


def unit(path: Path) -> str:
    return "snippets." + path.relative_to(SNIPPETS).with_suffix("").as_posix().replace("/", ".")


@pytest.mark.parametrize("folder", PAGE_FOLDERS, ids=lambda p: p.name)
def test_a_page_folder_holds_code_of_its_page_only(folder):
    page = folder.name.replace("_", "-")
    prefix = unit(folder)
    for module in (m for m in MODULES if m == prefix or m.startswith(prefix + ".")):
        if MODULES[module].name == "__init__.py" and module != prefix:
            continue
        users = USERS.get(module, set())
        if module != prefix:  # the package itself is imported by its modules, not named by pages
            assert users, f"{MODULES[module].relative_to(ROOT)} is used by no page"
        assert users <= {page}, f"{MODULES[module].relative_to(ROOT)} belongs to {page}.md but is used by {users}"


@pytest.mark.parametrize("shared", SHARED, ids=lambda p: p.name)
def test_a_module_at_the_top_is_shared(shared):
    users = USERS.get(unit(shared), set())
    assert len(users) >= 2 or "conftest" in users, (
        f"{shared.relative_to(ROOT)} is used by {sorted(users) or 'no page'}: "
        f"move it to snippets/<page_stem>/ of its one page, or delete it"
    )


def test_every_folder_of_snippets_is_a_page_folder_or_a_shared_package():
    for folder in (p for p in SNIPPETS.iterdir() if p.is_dir() and p.name != "__pycache__"):
        assert folder in PAGE_FOLDERS or folder in SHARED, f"{folder.relative_to(ROOT)} is neither"


@pytest.mark.parametrize("code", [*PAGE_FOLDERS, *SHARED], ids=lambda p: p.name)
def test_every_page_folder_and_shared_module_has_its_tests(code):
    tests = ROOT / "tests" / "snippets" / f"test_{code.stem}.py"
    assert tests.is_file(), f"{code.relative_to(ROOT)} has no {tests.relative_to(ROOT)}"


def test_every_test_file_of_snippets_names_a_page_folder_or_a_shared_module():
    names = {p.stem for p in [*PAGE_FOLDERS, *SHARED]}
    for tests in (ROOT / "tests" / "snippets").glob("test_*.py"):
        assert tests.stem.removeprefix("test_") in names, f"{tests.relative_to(ROOT)} mirrors nothing in snippets/"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_title_naming_a_snippets_file_is_the_file_included(page):
    for example in read_page(page, f"docs/{page.name}", ROOT).examples:
        title = example.fence.options.get("title", "")
        if title.startswith("snippets/"):
            included = {target.split(":")[0] for target in re.findall(r'--8<-- "([^"]+)"', example.fence.code)}
            assert included == {title}, f"docs/{page.name}:{example.line}: title {title} but includes {included}"
