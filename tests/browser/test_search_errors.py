"""Pasting an error message into the site's search box lists the entry that answers it first.

The messages are the titles of the entries of ``docs/troubleshooting.md`` (read with the same
parser as ``tests/site/test_troubleshooting_links.py``), pasted the way a reader pastes a line of a
traceback: with its punctuation, quotes and dotted names. An entry's message is found when the
first result is that entry, or one of the sections the entry links to.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest
import pytest_asyncio
from browser_site import ROOT, Site, page_path
from playwright.async_api import Browser, Page

pytestmark = pytest.mark.asyncio(loop_scope="session")


def _troubleshooting_entries():
    spec = importlib.util.spec_from_file_location(
        "troubleshooting_links", ROOT / "tests" / "site" / "test_troubleshooting_links.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


_LINKS = _troubleshooting_entries()
ENTRIES = _LINKS.ENTRIES
TROUBLESHOOTING_ANCHORS = {
    entry.line: anchor
    for entry in ENTRIES
    for head in _LINKS.headings((ROOT / "docs" / "troubleshooting.md").read_text(encoding="utf-8"))
    if head.line == entry.line
    for anchor in [head.anchor]
}

# The message from the issue that started this test: it used to land on a page without it.
NO_RUNNING_LOOP = "RuntimeError: no running event loop"


def pasted(error: str) -> str:
    """What a reader pastes for an entry: the longest part of the message that never varies."""
    return max(error.split("..."), key=len).strip(" '`[(<")


# One page for every query: first_result() clears the box before each, and loading the page
# with its search index once per query cost a second each.
@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def search_page(browser: Browser, site: Site) -> AsyncIterator[Page]:
    context = await browser.new_context(service_workers="block")
    try:
        page = await context.new_page()
        async with page.expect_response(lambda r: r.url.endswith("search_index.json")):
            await page.goto(site.url("troubleshooting.md"), wait_until="load")
        yield page
    finally:
        await context.close()


async def first_result(page: Page, query: str) -> str:
    """The best section of the first page that search lists for ``query``, relative to the site.

    Material lists one item per page, the page's link first and then its matching sections in
    order of score; the first section link is what a reader sees as the top answer.
    """
    box = page.locator("input.md-search__input")
    await box.click()
    # Clear the list first, so that the results read below cannot be the previous query's.
    await box.fill("")
    await box.press("End")  # Material reads the query on keyup, which fill() does not send
    await page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length === 0", timeout=30_000
    )
    await box.fill(query)
    await box.press("End")
    await page.wait_for_function(
        """() => document.querySelectorAll('.md-search-result__item').length > 0 &&
            !/initializing/i.test(document.querySelector('.md-search-result__meta').textContent)""",
        timeout=30_000,
    )
    first_item = page.locator(".md-search-result__item").first
    hrefs = await first_item.locator("a").evaluate_all("links => links.map(a => a.href)")
    urls = [urlsplit(href) for href in hrefs]
    best = next((url for url in urls if url.fragment), urls[0])
    return best.path + (f"#{best.fragment}" if best.fragment else "")


def answers(entry) -> set[str]:
    """Where a first result answers ``entry``: the entry itself, a section it links to, or
    another entry for the same message (``Event loop is closed`` has one per cause), or, for a
    bare class name (``TimeoutError``), an entry whose message names that class."""
    query = pasted(entry.error)
    targets = set()
    for other in ENTRIES:
        names_the_class = query.isidentifier() and query in pasted(other.error)
        if other is entry or pasted(other.error) in query or names_the_class:
            targets.add(f"{page_path('troubleshooting.md')}#{TROUBLESHOOTING_ANCHORS[other.line]}")
            targets |= {f"{page_path(page)}#{anchor}" for page, anchor in other.links}
    return targets


async def test_no_running_event_loop_finds_its_entry(search_page, site):
    entry = next(entry for entry in ENTRIES if entry.error == NO_RUNNING_LOOP)
    found = await first_result(search_page, NO_RUNNING_LOOP)
    assert found.removeprefix(site.prefix) in answers(entry), found


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.error[:50] for entry in ENTRIES])
async def test_pasted_error_message_finds_its_entry_first(search_page, site, entry):
    found = await first_result(search_page, pasted(entry.error))
    assert found.removeprefix(site.prefix) in answers(entry), (
        f"search for {pasted(entry.error)!r} lists {found} first; expected one of {sorted(answers(entry))}"
    )
