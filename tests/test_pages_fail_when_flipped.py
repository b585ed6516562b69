"""Every assertion on every page can fail: flipped, it fails its page at its own line.

An assertion that still passes when negated never ran, or proves nothing; both are bugs in
a page. Each case copies one real page into a scratch project, turns ``assert X`` into
``assert not (X)`` and runs that page alone, in a process of its own, as a reader would: a
page that hangs or leaves a thread behind once a test fails shows up here as a failure.
"""

import ast
import os
import sys
from pathlib import Path

import pytest

from mdpytest.fences import PYTHON, read_fences

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").rglob("*.md"))
PAGE_SECONDS = 60  # a whole page normally runs in a few seconds


def flippable_asserts(page: Path):
    """(line, flipped page text) for each assert in a fence that must pass."""
    text = page.read_text(encoding="utf-8")
    for fence in read_fences(page.relative_to(ROOT), text):
        if fence.language not in PYTHON or fence.not_run or fence.expect_fail or fence.includes:
            continue
        tree = compile(fence.padded(), str(page), "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        skipped = [range(f.lineno, f.end_lineno + 1) for f in ast.walk(tree) if _skipped_on_this_python(f)]
        for node in ast.walk(tree):
            if isinstance(node, ast.Assert) and not any(node.lineno in lines for lines in skipped):
                yield node.lineno, flip(text, node.test, fence.indent)


def _skipped_on_this_python(node: ast.AST) -> bool:
    """A test marked ``skipif(sys.version_info < ...)`` that skips here: its asserts never run."""
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    for decorator in node.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and ast.unparse(decorator.func) == "pytest.mark.skipif"
            and decorator.args
            and "sys.version_info" in ast.unparse(decorator.args[0])
        ):
            return bool(eval(ast.unparse(decorator.args[0]), {"sys": sys}))  # noqa: S307
    return False


def flip(text: str, test: ast.expr, indent: str) -> str:
    """Wrap the assert's expression in ``not (...)``; columns count UTF-8 bytes."""
    lines = text.splitlines(keepends=True)
    shift = len(indent.encode())
    end = lines[test.end_lineno - 1].encode()
    lines[test.end_lineno - 1] = (end[: shift + test.end_col_offset] + b")" + end[shift + test.end_col_offset :]).decode()
    start = lines[test.lineno - 1].encode()
    lines[test.lineno - 1] = (start[: shift + test.col_offset] + b"not (" + start[shift + test.col_offset :]).decode()
    return "".join(lines)


CASES = [
    pytest.param(page, line, flipped, id=f"{page.relative_to(ROOT)}:{line}")
    for page in PAGES
    for line, flipped in flippable_asserts(page)
]


@pytest.mark.parametrize("page, line, flipped", CASES)
@pytest.mark.timeout(PAGE_SECONDS + 30)  # the page's own time limit must be the one that fires
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
    result = pytester.runpytest_subprocess(
        str(relative), "-x", "-p", "no:randomly", "-p", "no:cacheprovider", timeout=PAGE_SECONDS
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    output = result.stdout.str()
    # pytest names the line as page:line; an ExceptionGroup's traceback says "page", line N.
    assert f"{relative}:{line}" in output or f'{relative}", line {line}' in output
