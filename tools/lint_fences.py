"""ruff over the code readers copy: ``python tools/lint_fences.py [docs/page.md ...]``.

``ruff check`` sees each page's python fences as one module, every line at its page line,
as the fences run (in one namespace, top to bottom), so a finding reads ``docs/page.md:LINE``.
``ruff format --check`` looks at each fence on its own and names the fence's line. The rules
are pyproject.toml's, less the ones a page of fragments breaks on purpose (FENCE_IGNORES).
Include-only fences are skipped: their code is linted in ``snippets/``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mdpytest.examples import read_page

ROOT = next(parent for parent in Path(__file__).resolve().parents if (parent / "pyproject.toml").is_file())
RUFF = Path(sys.executable).parent / "ruff"
FENCE_IGNORES = [
    "E402",  # a later fence imports what it needs where the text needs it
    "F704",  # top-level await: a fence runs as an async test
    "F811",  # a page shows a wrong version, then the right one under the same name
    "I001",  # checked per fence (IMPORTS): the blank lines between fences are no one's style
]
IMPORTS = "I001"


def ruff(*args: str, code: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(RUFF), *args], input=code, capture_output=True, text=True, cwd=ROOT)


def lint(page: Path) -> list[str]:
    relative = page.relative_to(ROOT)
    text = page.read_text(encoding="utf-8")
    examples = read_page(page, str(relative), ROOT).examples
    fences = [e.fence for e in examples if e.kind in {"code", "await"} and e.not_run is None]
    problems = []
    lines = [""] * (len(text.splitlines()) + 1)
    for fence in fences:
        for number, line in enumerate(fence.code.splitlines(), start=fence.line + 1):
            lines[number - 1] = line
        formatted = ruff("format", "--check", "--diff", f"--stdin-filename={relative}.py", "-", code=fence.code)
        if formatted.returncode:
            problems.append(f"{relative}:{fence.line}: not formatted as `ruff format` would:\n{formatted.stdout}")
        imports = ruff(
            "check", "--output-format=concise", f"--select={IMPORTS}", "--stdin-filename=fence.py", "-", code=fence.code
        )
        for finding in imports.stdout.splitlines():
            if finding.startswith("fence.py:"):
                _, line, rest = finding.split(":", 2)
                problems.append(f"{relative}:{fence.line + int(line)}:{rest}")
    if fences:
        module = "\n".join(lines) + "\n"
        ignores = ",".join(FENCE_IGNORES)
        options = ["--output-format=concise", f"--ignore={ignores}", f"--stdin-filename={relative}.py"]
        checked = ruff("check", *options, "-", code=module)
        prefix = f"{relative}.py:"
        problems += [
            line.replace(prefix, f"{relative}:", 1) for line in checked.stdout.splitlines() if line.startswith(prefix)
        ]
    return problems


def main(paths: list[str]) -> int:
    pages = [ROOT / path for path in paths] or sorted((ROOT / "docs").rglob("*.md"))
    problems = [problem for page in pages for problem in lint(page.resolve())]
    print("\n".join(problems) or f"ruff: the python fences of {len(pages)} pages are clean")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
