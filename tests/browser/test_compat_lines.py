"""The built pages carry a compat line exactly under the examples the data says differ."""

from __future__ import annotations

import html
import re

from browser_site import ROOT

from siteext import compat


def built_page(site_dir, page: str):
    stem = page.removeprefix(f"{compat.DOCS}/").removesuffix(".md")
    return site_dir / ("index.html" if stem == "index" else f"{stem}/index.html")


def test_each_differing_example_shows_one_line_and_no_other_does(site_dir):
    data, pages, _ = compat.check(ROOT)
    mismatches = []
    for path, page in pages.items():
        expected = []
        if data is not None:
            measured = data.pages.get(path, {})
            for example in page.examples:
                entry = measured.get(compat.example_key(example)) if compat.is_runnable(example) else None
                if entry and (line := compat.compat_line(data, entry)):
                    expected.append(line.text)
        shown = re.findall(
            r'<span class="compat-line" title="[^"]*">([^<]*)</span>',
            built_page(site_dir, path).read_text(encoding="utf-8"),
        )
        if [html.unescape(text) for text in shown] != expected:
            mismatches.append(f"{path}: shows {shown}, the data says {expected}")
    assert not mismatches, "\n".join(mismatches)


def test_the_migration_page_has_its_table_or_says_how_to_make_it(site_dir):
    data, _, _ = compat.check(ROOT)
    text = built_page(site_dir, "docs/migrating.md").read_text(encoding="utf-8")
    assert "compat-table" not in text
    if data is None:
        assert "No compatibility data yet" in text
    else:
        assert "Example, by pytest-asyncio version" in text or "Every example on this page behaves the same" in text
