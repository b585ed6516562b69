"""Fence options stay invisible to Material: option-carrying fences still render as code.

Each page is rendered with the Markdown extensions and settings of mkdocs.yml, and every
python or config fence with options must come out as a Pygments-highlighted block that carries its
class and the data attributes the stylesheet shows to the reader.
"""

import os
import re
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from mdpytest.fences import read_fences

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").rglob("*.md"))


@pytest.fixture(scope="module")
def render():
    previous = os.getcwd()
    os.chdir(ROOT)  # pymdownx.snippets resolves includes from the working directory
    try:
        config = load_config(str(ROOT / "mkdocs.yml"))
        yield lambda text: markdown.markdown(
            text, extensions=config.markdown_extensions, extension_configs=config.mdx_configs
        )
    finally:
        os.chdir(previous)


def highlighted_blocks(html: str, css_class: str) -> list[str]:
    return re.findall(
        rf'<div class="[^"]*\b{css_class}\b[^"]*highlight"([^>]*)>(?:<span class="filename">[^<]*</span>)?<pre>.*?<span class="',
        html,
        re.S,
    )


def test_each_option_renders_as_highlighted_code_with_its_label_data(render):
    html = render(
        '``` { .python .expect-fail data-raises="TypeError" data-match="app" }\nx = 1\n```\n\n'
        '``` { .python .not-run data-reason="needs a server" }\nx = 1\n```\n\n'
        '``` { .python .own-namespace title="own.py" }\nx = 1\n```\n'
    )
    assert highlighted_blocks(html, "expect-fail") == [' data-raises="TypeError" data-match="app"']
    assert highlighted_blocks(html, "not-run") == [' data-reason="needs a server"']
    assert '<span class="filename">own.py</span>' in html
    assert len(highlighted_blocks(html, "own-namespace")) == 1


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_fence_with_options_on_a_page_renders_as_code(render, page):
    fences = [f for f in read_fences(page, page.read_text(encoding="utf-8")) if f.kind in {"python", "config"}]
    html = render(page.read_text(encoding="utf-8"))
    for option in ("expect-fail", "not-run"):
        expected = sum(option in fence.classes for fence in fences)
        assert len(highlighted_blocks(html, option)) == expected, option
