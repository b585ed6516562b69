"""Static checks of the built site's files (no browser needed)."""

from __future__ import annotations

import re

import pytest

EXTERNAL_RESOURCE = re.compile(
    r"""<(?:script|img|iframe|audio|video|source|embed)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b(?=[^>]*\brel\s*=\s*["']?(?:stylesheet|preload|modulepreload|icon|manifest))"""
    r"""[^>]*\bhref\s*=\s*["']?(?:https?:)?//"""
    r"""|@import\s+(?:url\()?["']?(?:https?:)?//""",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("html", "external"),
    [
        ('<script src="https://cdn.example.org/x.js"></script>', True),
        ("<link rel=stylesheet href=//fonts.example.com/css>", True),
        ('<link href="https://fonts.example.com/css" rel="stylesheet">', True),
        ('<img alt="" src="http://example.org/a.png">', True),
        ("@import url('https://example.org/a.css');", True),
        ('<a href="https://pypi.org/project/pytest/">pytest</a>', False),
        ('<link rel="canonical" href="https://example.org/page/">', False),
        ('<script src="../assets/javascripts/bundle.js"></script>', False),
    ],
)
def test_the_check_tells_external_resources_from_links(html, external):
    assert bool(EXTERNAL_RESOURCE.search(html)) is external


def test_no_built_file_loads_anything_from_another_host(site_dir):
    """Every HTML and CSS file, not only the pages in the navigation (404.html, say)."""
    offenders = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        for match in EXTERNAL_RESOURCE.finditer(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{path.relative_to(site_dir)}: {match.group(0)[:120]}")
    assert not offenders, "\n".join(offenders)


def test_every_download_link_points_at_an_exported_page(site_dir):
    """The "Run this page's examples yourself" links lead to files the export wrote."""
    links = {}
    for page in sorted(site_dir.rglob("index.html")):
        for href in re.findall(r'<p class="md-run-yourself">\s*<a href="([^"]+)"', page.read_text(encoding="utf-8")):
            links[page.relative_to(site_dir)] = (page.parent / href).resolve()
    assert len(links) >= 20, f"only {len(links)} pages offer their examples"
    missing = [f"{page}: {target}" for page, target in links.items() if not target.is_file()]
    assert not missing, "\n".join(missing)
