"""Every assertion on every page can fail: flipped, it fails its page at its own line.

An assertion that still passes when negated never ran, or proves nothing; both are bugs in
a page. Each case copies one real page into a scratch project, turns ``assert X`` into
``assert not (X)`` and runs that page alone.
"""

import ast
import gc
import importlib
import os
import sys
import warnings
from pathlib import Path

import pytest

from mdpytest.fences import PYTHON, read_fences

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").rglob("*.md"))


def flippable_asserts(page: Path):
    """(line, flipped page text) for each assert in a fence that must pass."""
    text = page.read_text(encoding="utf-8")
    for fence in read_fences(page.relative_to(ROOT), text):
        if fence.language not in PYTHON or fence.not_run or fence.expect_fail or fence.includes:
            continue
        tree = compile(fence.padded(), str(page), "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assert):
                yield node.lineno, flip(text, node.test, fence.indent)


def flip(text: str, test: ast.expr, indent: str) -> str:
    """Wrap the assert's expression in ``not (...)``; columns count UTF-8 bytes."""
    lines = text.splitlines(keepends=True)
    shift = len(indent.encode())
    end = lines[test.end_lineno - 1].encode()
    lines[test.end_lineno - 1] = (end[: shift + test.end_col_offset] + b")" + end[shift + test.end_col_offset :]).decode()
    start = lines[test.lineno - 1].encode()
    lines[test.lineno - 1] = (start[: shift + test.col_offset] + b"not (" + start[shift + test.col_offset :]).decode()
    return "".join(lines)


def warm_imports() -> None:
    """Import what the pages import, once, before any case runs.

    pytester's in-process runs drop the modules each run imported; re-importing a library
    with compiled parts (SQLAlchemy) in the same process then breaks it.
    """
    for page in PAGES:
        for fence in read_fences(page.relative_to(ROOT), page.read_text(encoding="utf-8")):
            if fence.language not in PYTHON or fence.includes:
                continue
            tree = compile(fence.padded(), str(page), "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            for node in ast.walk(tree):
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                for name in names:
                    try:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")  # the page's own run reports them
                            importlib.import_module(name)
                    except ImportError:
                        pass  # the page's own run reports it


def drop_leftovers() -> None:
    """Collect what a flipped run abandoned mid-test (an unawaited coroutine, say) quietly.

    It belongs to the deliberately broken copy; reported later, it would fail an unrelated test.
    """
    hook, sys.unraisablehook = sys.unraisablehook, lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


warm_imports()

CASES = [
    pytest.param(page, line, flipped, id=f"{page.relative_to(ROOT)}:{line}")
    for page in PAGES
    for line, flipped in flippable_asserts(page)
]


@pytest.mark.parametrize("page, line, flipped", CASES)
def test_flipped_assertion_fails_its_page_at_its_line(pytester, monkeypatch, page, line, flipped):
    # The copy runs undistributed, even when this test runs in an xdist worker.
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    relative = page.relative_to(ROOT)
    (pytester.path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    os.symlink(ROOT / "snippets", pytester.path / "snippets")
    target = pytester.path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(flipped, encoding="utf-8")
    result = pytester.runpytest_inprocess(
        str(relative), "-x", "-p", "no:randomly", "-p", "no:cacheprovider"
    )
    ret, output = result.ret, result.stdout.str()
    del result  # its recorded reports hold the broken run's frames
    drop_leftovers()
    assert ret == pytest.ExitCode.TESTS_FAILED
    # pytest names the line as page:line; an ExceptionGroup's traceback says "page", line N.
    assert f"{relative}:{line}" in output or f'{relative}", line {line}' in output
