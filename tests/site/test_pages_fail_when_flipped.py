"""Every assertion on every page can fail: flipped, it fails its page at its own line.

An assertion that still passes when negated never ran, or proves nothing; both are bugs in a
page. For each ``assert X`` in a fence that must pass, a variant of the page says
``assert not (X)``; that variant, run alone in a scratch project as a reader would run it,
must fail at that line.

One process per page runs all of the page's variants (``python <this file> docs/page.md``):
it imports what the page imports once, then forks a child per variant that runs the page
with ``pytest.main`` under a time limit, so a variant costs its page's run, not a Python
start-up. A variant that hangs, or leaves a thread running once a test fails (which would
keep pytest from exiting), fails its case.

A page whose variants all failed where they should is not flipped again until something it
depends on changes: the cache key hashes the page, the snippets it includes and imports (and
what those import), the engine (``mdpytest/``), ``pyproject.toml``, ``requirements.lock``,
this file and the Python version. The cache is ``build/flip-cache/``, so a clean checkout,
as in CI, runs every page; ``FLIP_CACHE=0`` runs every page anyway.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

import pytest

from mdpytest.examples import read_page

ROOT = next(parent for parent in Path(__file__).resolve().parents if (parent / "pyproject.toml").is_file())
PAGES = sorted((ROOT / "docs").rglob("*.md"))
CACHE = ROOT / "build" / "flip-cache"
VARIANT_SECONDS = 60  # a whole page normally runs in a few seconds
THREAD_SECONDS = 10  # how long a thread left running after the run may take to finish


def code_examples(page: Path):
    """The page's examples of python code that run (mdpytest's model of the page)."""
    for example in read_page(page, str(page.relative_to(ROOT)), ROOT).examples:
        if example.kind in {"code", "await"} and example.not_run is None:
            yield example


def variants(page: Path) -> list[tuple[int, str]]:
    """(line, flipped page text) for each assert in a fence that must pass."""
    text = page.read_text(encoding="utf-8")
    found = []
    for example in code_examples(page):
        if example.expected is not None:
            continue
        skipped = [range(f.lineno, f.end_lineno + 1) for f in ast.walk(example.tree) if _skipped_on_this_python(f)]
        for node in ast.walk(example.tree):
            if isinstance(node, ast.Assert) and not any(node.lineno in lines for lines in skipped):
                found.append((node.lineno, flip(text, node.test, example.fence.indent)))
    return found


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
    lines[test.end_lineno - 1] = (
        end[: shift + test.end_col_offset] + b")" + end[shift + test.end_col_offset :]
    ).decode()
    start = lines[test.lineno - 1].encode()
    lines[test.lineno - 1] = (start[: shift + test.col_offset] + b"not (" + start[shift + test.col_offset :]).decode()
    return "".join(lines)


# The cache key: the page and everything its run depends on.


def imported_names(tree: ast.AST, package: str = "") -> set[str]:
    """Absolute names of the modules a tree imports (``from a import b`` gives a and a.b)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(filter(None, [*parts, node.module or ""]))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def snippet_files(page: Path) -> set[Path]:
    """The files of ``snippets/`` that the page includes or imports, and what those import."""
    files: set[Path] = set()
    names: set[str] = set()
    for example in read_page(page, str(page.relative_to(ROOT)), ROOT).examples:
        names.update(example.modules)
        if example.tree is not None:
            names |= imported_names(example.tree)
    seen: set[str] = set()
    while names:
        name = names.pop()
        if name in seen or name.split(".")[0] != "snippets":
            continue
        seen.add(name)
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # importing a.b.c runs a and a.b first
            names.add(".".join(parts[:depth]))
        for path in (ROOT.joinpath(*parts).with_suffix(".py"), ROOT.joinpath(*parts, "__init__.py")):
            if path.is_file():
                files.add(path)
                package = name if path.name == "__init__.py" else name.rpartition(".")[0]
                names |= imported_names(ast.parse(path.read_bytes()), package)
    return {path for path in files if path.is_file()}


def cache_key(page: Path) -> str:
    engine = set((ROOT / "mdpytest").rglob("*.py"))
    files = {page, Path(__file__).resolve(), ROOT / "pyproject.toml", ROOT / "requirements.lock", *engine}
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(files | snippet_files(page)):
        digest.update(b"\0" + str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_file(page: Path) -> Path:
    return CACHE / (str(page.relative_to(ROOT)).replace(os.sep, "__") + ".key")


# The test: one per page, each page's variants in a process of its own.

CASES = [pytest.param(page, id=str(page.relative_to(ROOT))) for page in PAGES if variants(page)]


@pytest.mark.parametrize("page", CASES)
@pytest.mark.timeout(0)  # the worker limits each variant; the page's count sets the total
def test_flipped_assertions_fail_their_page_at_their_lines(page: Path):
    key, marker = cache_key(page), cache_file(page)
    if os.environ.get("FLIP_CACHE") != "0" and marker.is_file() and marker.read_text() == key:
        pytest.skip("unchanged since every flipped variant failed at its line (build/flip-cache)")
    count = len(variants(page))
    # The page runs undistributed, even when this test runs in an xdist worker.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_XDIST")}
    worker = subprocess.run(
        [sys.executable, __file__, str(page.relative_to(ROOT))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=count * (VARIANT_SECONDS + THREAD_SECONDS + 5) + 60,
    )
    results = [json.loads(line) for line in worker.stdout.splitlines() if line.startswith("{")]
    wrong = [f"line {r['line']}: {r['why']}\n{r['output']}" for r in results if not r["ok"]]
    assert worker.returncode == 0 and len(results) == count, f"the worker stopped:\n{worker.stdout}{worker.stderr}"
    assert not wrong, f"{len(wrong)} of {count} flipped assertions did not fail at their line:\n\n" + "\n\n".join(wrong)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(key)


# The worker: python tests/test_pages_fail_when_flipped.py docs/page.md


class Preimport:
    """A plugin that imports the page's modules when a session starts."""

    def __init__(self, names: set[str]):
        self.names = names

    def pytest_sessionstart(self) -> None:
        for name in sorted(self.names - {"conftest"}):
            try:
                importlib.import_module(name)
            except Exception:  # an attribute imported with ``from``, or a failure the run reports itself
                pass


def preimport(page: Path, directory: Path) -> None:
    """Load pytest's plugins and the modules the page imports, so that each forked variant
    finds them loaded instead of spending most of its second importing them.

    They are loaded by a pytest session over an empty project, so pytest imports them as a
    run would, with its assertion rewriting for plugins and ``snippets``; a module imported
    any other way would make each run warn (an error here) that it cannot be rewritten.
    """
    names = set()
    for example in code_examples(page):
        names |= {name for name in imported_names(example.tree) if name}
    directory.mkdir()
    (directory / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    saved = os.dup(1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    try:
        pytest.main(["-q", "-p", "no:cacheprovider", "--collect-only", str(directory)], plugins=[Preimport(names)])
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)


def run_variant(directory: Path, relative: str, line: int) -> tuple[bool, str, str]:
    """Run the flipped page in a forked child; (failed at its line, why not, output)."""
    output = directory / "output.txt"
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            os.setpgid(0, 0)
            descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(descriptor, 1)
            os.dup2(descriptor, 2)
            os.chdir(directory)
            code = int(
                pytest.main([relative, "-x", "-p", "no:randomly", "-p", "no:cacheprovider", "--basetemp=basetemp"])
            )
            deadline = time.monotonic() + THREAD_SECONDS
            for thread in threading.enumerate():
                if thread is not threading.main_thread() and not thread.daemon:
                    thread.join(max(0, deadline - time.monotonic()))
            left = [t.name for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
            if left:
                print(f"\nthreads still running {THREAD_SECONDS} s after the run: {left}")
                code = 4
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    try:
        os.setpgid(pid, pid)
    except OSError:  # the child has already done it, or exited
        pass
    deadline = time.monotonic() + VARIANT_SECONDS + THREAD_SECONDS
    while not (done := os.waitpid(pid, os.WNOHANG))[0]:
        if time.monotonic() > deadline:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return (
                False,
                f"still running after {VARIANT_SECONDS + THREAD_SECONDS} s",
                output.read_text(errors="replace"),
            )
        time.sleep(0.01)
    try:
        os.killpg(pid, signal.SIGKILL)  # whatever the run started and left behind
    except ProcessLookupError:
        pass
    code = os.waitstatus_to_exitcode(done[1])
    text = output.read_text(errors="replace")
    # pytest names the line as page:line; an ExceptionGroup's traceback says "page", line N.
    at_line = f"{relative}:{line}" in text or f'{relative}", line {line}' in text
    if code == 1 and at_line:
        return True, "", text
    why = {0: "the page passed", 4: "a thread was still running after the run"}.get(code, f"exit status {code}")
    if code == 1:
        why = f"the page failed, but not at line {line}"
    return False, why, text


def main(relative: str) -> int:
    sys.path.remove(str(Path(__file__).resolve().parent))  # this folder is not on a reader's path
    page = ROOT / relative
    cases = variants(page)
    with tempfile.TemporaryDirectory(prefix="flip-") as scratch:
        preimport(page, Path(scratch) / "imports")
        for line, text in cases:
            directory = Path(scratch) / f"L{line}"
            target = directory / relative
            target.parent.mkdir(parents=True)
            (directory / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
            os.symlink(ROOT / "snippets", directory / "snippets")
            target.write_text(text, encoding="utf-8")
            ok, why, output = run_variant(directory, relative, line)
            print(json.dumps({"line": line, "ok": ok, "why": why, "output": "" if ok else output[-4000:]}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
