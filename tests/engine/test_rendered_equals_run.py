"""Rendered equals run: every Python block the built site shows is an example the engine knows.

For each page, the Python code blocks in the built HTML (highlighted as Python or as a Python
console session; mkdocstrings' signatures excepted, they come from tested code) are counted
against the page's examples of those kinds, run or shown as not run. A block the reader sees
that nothing executed fails here. ``make test`` builds the site first and sets ``SITE_DIR``;
without it the site is built into a temporary folder.
"""

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from mdpytest.examples import read_page
from mdpytest.fences import language_kind

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").rglob("*.md"))
BLOCK = re.compile(r'<div class="language-(?P<language>[\w+-]+)(?P<classes>[^"]*)\bhighlight"')


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    if built := os.environ.get("SITE_DIR"):
        return Path(built).resolve()
    out = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)], cwd=ROOT, check=True
    )
    return out


def rendered_python_blocks(html: str) -> Counter:
    kinds = Counter()
    for block in BLOCK.finditer(html):
        kind = language_kind(block["language"])
        if kind in {"python", "console", "python2"} and "doc-signature" not in block["classes"]:
            kinds[kind] += 1
    return kinds


def html_of(site: Path, page: Path) -> str:
    relative = page.relative_to(ROOT / "docs").with_suffix("")
    folder = relative.parent if relative.name == "index" else relative
    return (site / folder / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_python_block_on_the_page_is_an_example(site, page):
    model = read_page(page, str(page.relative_to(ROOT)), ROOT)
    examples = Counter(
        {"code": "python", "await": "python", "include": "python", "console": "console"}[e.kind]
        for e in model.examples
        if e.kind != "config"
    )
    assert rendered_python_blocks(html_of(site, page)) == examples


def test_a_block_nothing_ran_is_counted():
    html = '<div class="language-python highlight"><pre></pre></div><div class="language-pycon highlight">'
    assert rendered_python_blocks(html) == Counter({"python": 1, "console": 1})
