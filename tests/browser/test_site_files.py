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
