"""Helpers shared by the browser suite's conftest and tests: the nav, page URLs, the site."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving ``!!python/...`` or ``!ENV`` tags."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    """Return mkdocs.yml as plain data."""
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)  # noqa: S506


def _flatten(nav: list) -> Iterator[str]:
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield from _flatten(value)
        elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
            yield value


def nav_pages() -> list[str]:
    """The Markdown files of the navigation, in reading order."""
    return list(_flatten(mkdocs_config().get("nav") or []))


def page_path(markdown_file: str) -> str:
    """The URL path of a page relative to the site root (directory URLs)."""
    stem = markdown_file.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


@dataclass
class Site:
    """The running local copy of the site."""

    directory: Path
    origin: str
    prefix: str
    pages: list[str] = field(default_factory=nav_pages)

    @property
    def root(self) -> str:
        return self.origin + self.prefix

    def url(self, markdown_file: str) -> str:
        return self.root + page_path(markdown_file)

    def is_own(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin


def screenshots_dir() -> Path:
    path = BUILD / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
