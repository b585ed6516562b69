"""The home page's learning path links every page of the navigation, in the nav's order."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving ``!!python/...`` or ``!ENV`` tags."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _pages(nav: list) -> list[str]:
    found = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found.extend(_pages(value))
        elif isinstance(value, str) and value.endswith(".md"):
            found.append(value)
    return found


def test_learning_path_links_every_nav_page_in_order():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_AnyTagLoader)  # noqa: S506
    nav = [page for page in _pages(config["nav"]) if page != "index.md"]
    home = (ROOT / "docs" / "index.md").read_text()
    path = home.split("## A learning path", 1)[1].split("\n## ", 1)[0]
    linked = [link for link in re.findall(r"\]\(([^)#\s]+\.md)", path)]

    missing = [page for page in nav if page not in linked]
    assert not missing, f"docs/index.md's learning path does not link {missing}"
    assert [page for page in linked if page in nav] == nav, "learning path is not in nav order"
