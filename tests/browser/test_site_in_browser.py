"""The built site in headless Chromium: every page, search, copy, palette, navigation, 404.

Each page of the navigation must load without console errors or failed requests, ask no host
but its own, weigh less than 1.5 MB, and have no serious or critical axe-core violations.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest
import pytest_asyncio
from browser_site import Site, nav_pages, page_path, screenshots_dir
from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Route, expect

pytestmark = pytest.mark.asyncio(loop_scope="session")

MAX_PAGE_BYTES = 1_500_000
VIEWPORT = {"width": 1280, "height": 900}


class Watch:
    """What a browser context did that a test should know about."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.finished: list[Request] = []

    async def attach(self, context: BrowserContext) -> None:
        await context.route("**/*", self._route)
        context.on("requestfinished", lambda request: self.finished.append(request))
        context.on("requestfailed", self._failed)
        context.on("page", self.page)

    def page(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    async def _route(self, route: Route) -> None:
        if self.site.is_own(route.request.url):
            await route.continue_()
        else:
            self.foreign.append(route.request.url)
            await route.abort("blockedbyclient")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location.get('url')})")

    def _failed(self, request: Request) -> None:
        # ERR_ABORTED: the page navigated away while the request was still open.
        if self.site.is_own(request.url) and "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"request failed: {request.url} ({request.failure})")


@pytest_asyncio.fixture(loop_scope="session")
async def context(browser: Browser, site: Site) -> AsyncIterator[tuple[BrowserContext, Watch]]:
    """A fresh context (cold cache, empty storage) that may copy to the clipboard."""
    ctx = await browser.new_context(
        viewport=VIEWPORT,
        color_scheme="light",
        permissions=["clipboard-read", "clipboard-write"],
        service_workers="block",
    )
    watch = Watch(site)
    await watch.attach(ctx)
    try:
        yield ctx, watch
    finally:
        await ctx.close()
    assert not watch.foreign, f"requests to other hosts: {watch.foreign}"


async def open_page(context: BrowserContext, url: str) -> Page:
    page = await context.new_page()
    response = await page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    return page


async def serious_violations(page: Page, axe_source: str, selector: str = "html") -> list[str]:
    """Run axe-core on the part of the page that ``selector`` picks (the whole page by default)."""
    await page.add_script_tag(content=axe_source)
    result = await page.evaluate(
        """async (selector) => {
            const r = await axe.run(selector, {resultTypes: ["violations"]});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }""",
        selector,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['targets']}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("markdown_file", nav_pages())
async def test_page_loads_cleanly_offline_light_and_accessible(markdown_file, context, site, axe_source, page_weights):
    ctx, watch = context
    started = time.perf_counter()
    async with ctx.expect_event("requestfinished", lambda r: r.url.endswith("search_index.json")):
        page = await open_page(ctx, site.url(markdown_file))
    elapsed_ms = (time.perf_counter() - started) * 1000
    load_ms = await page.evaluate(
        "() => { const [n] = performance.getEntriesByType('navigation'); return n.loadEventEnd; }"
    )

    assert await page.locator("h1").count() >= 1, "page has no title heading"
    edit = page.locator("a.md-content__button[rel='edit']")
    assert (await edit.get_attribute("href") or "").endswith(f"/docs/{markdown_file}"), "no edit link"
    if await page.locator(".md-content h2[id]").count():
        toc = page.locator("nav.md-nav--secondary a.md-nav__link")
        assert await toc.count() >= 1, "page has sections but no table of contents"
    # The header, sidebars and footer are the same on every page: the screenshot test checks
    # them on whole pages in both schemes. Here axe-core checks each page's own content.
    violations = await serious_violations(page, axe_source, ".md-content")

    sizes = [await request.sizes() for request in watch.finished]
    weight = sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes)
    page_weights[markdown_file] = {
        "url": urlsplit(page.url).path,
        "requests": len(sizes),
        "bytes": weight,
        "load_ms": round(load_ms or elapsed_ms, 1),
    }
    assert not watch.errors, "\n".join(watch.errors)
    assert not violations, "\n".join(violations)
    assert weight < MAX_PAGE_BYTES, f"{markdown_file} transfers {weight} bytes"


async def test_search_for_asyncmock_lists_the_mocking_page_first(context, site):
    ctx, watch = context
    async with ctx.expect_event("requestfinished", lambda r: r.url.endswith("search_index.json")):
        page = await open_page(ctx, site.url("index.md"))
    query = page.locator("input.md-search__input")
    await query.click()
    await query.press_sequentially("AsyncMock")

    results = page.locator(".md-search-result__item > a")
    await expect(results.first).to_be_attached(timeout=10_000)
    hrefs = [urlsplit(href) for href in await results.evaluate_all("links => links.map(a => a.href)")]
    pages = [href.path for href in hrefs if not href.fragment]  # sections carry a fragment
    assert pages[0] == site.prefix + page_path("mocking.md"), (
        f"search for AsyncMock lists {pages[:3]} first; expected the mocking page. A page whose "
        "subject a query names can rank itself up with front matter `search: {boost: 2}`."
    )
    assert not watch.errors, "\n".join(watch.errors)


async def test_copy_button_copies_the_code_block(context, site):
    ctx, watch = context
    page = await open_page(ctx, site.url("index.md"))
    block = page.locator(".md-typeset .highlight:has(pre > code)").first
    await block.hover()
    await block.locator("button[data-md-type='copy']").click()

    copied = await page.evaluate("() => navigator.clipboard.readText()")
    shown = await block.locator("pre > code").evaluate("code => code.textContent")
    assert copied.strip() == shown.strip()
    assert "async def" in copied
    assert not watch.errors, "\n".join(watch.errors)


async def scheme(page: Page) -> str:
    return await page.locator("body").get_attribute("data-md-color-scheme") or ""


async def test_palette_toggle_persists_across_reload_and_navigation(context, site):
    ctx, watch = context
    page = await open_page(ctx, site.url("index.md"))
    assert await scheme(page) == "default"

    await page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert await scheme(page) == "slate"

    await page.reload(wait_until="load")
    assert await scheme(page) == "slate"

    await page.locator("a.md-footer__link--next").click()
    await page.wait_for_load_state("load")
    assert urlsplit(page.url).path == site.prefix + page_path(site.pages[1])
    assert await scheme(page) == "slate"

    await page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert await scheme(page) == "default"
    assert not watch.errors, "\n".join(watch.errors)


async def test_next_previous_and_sidebar_links_navigate(context, site):
    ctx, watch = context
    page = await open_page(ctx, site.url(site.pages[0]))
    for markdown_file in site.pages[1:3]:
        await page.locator("a.md-footer__link--next").click()
        await expect(page).to_have_url(site.url(markdown_file))
        await expect(page.locator("h1").first).to_be_visible()

    await page.locator("a.md-footer__link--prev").click()
    await expect(page).to_have_url(site.url(site.pages[1]))

    last = site.pages[-1]
    await page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{page_path(last)}']").first.click()
    await expect(page).to_have_url(site.url(last))

    await page.go_back()
    await expect(page).to_have_url(site.url(site.pages[1]))
    assert not watch.errors, "\n".join(watch.errors)


async def test_missing_page_offers_home_and_search(context, site, axe_source):
    ctx, watch = context
    page = await ctx.new_page()
    response = await page.goto(site.root + "nested/mocking/", wait_until="load")
    assert response is not None and response.status == 404
    await expect(page.locator("h1")).to_have_text("Page not found")
    await page.screenshot(path=screenshots_dir() / "404-light.png")

    query = page.locator("#not-found-query")
    await expect(query).to_have_value("mocking")
    await page.locator("form[data-404='search'] button").click()
    await expect(page).to_have_url(site.root + "?q=mocking")
    await expect(page.locator("input.md-search__input")).to_have_value("mocking")

    await page.goto(site.root + "nested/mocking/", wait_until="load")
    violations = await serious_violations(page, axe_source)
    assert not violations, "\n".join(violations)
    await page.locator("a[data-404='home']").click()
    await expect(page).to_have_url(site.root)
    # The missing page itself is the only expected error.
    errors = [error for error in watch.errors if "404" not in error]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
async def test_screenshots_and_accessibility_per_scheme(browser, site, axe_source, color_scheme):
    """Screenshots of home and one content page; the dark scheme also passes axe-core."""
    ctx = await browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme)
    watch = Watch(site)
    await watch.attach(ctx)
    try:
        content = "mocking.md" if "mocking.md" in site.pages else site.pages[1]
        for markdown_file in ("index.md", content):
            page = await open_page(ctx, site.url(markdown_file))
            expected = "slate" if color_scheme == "dark" else "default"
            assert await scheme(page) == expected
            name = markdown_file.removesuffix(".md").replace("/", "-")
            await page.screenshot(path=screenshots_dir() / f"{name}-{color_scheme}.png", full_page=True)
            violations = await serious_violations(page, axe_source)
            assert not violations, "\n".join(violations)
            await page.close()
    finally:
        await ctx.close()
    assert not watch.foreign, f"requests to other hosts: {watch.foreign}"
    assert not watch.errors, "\n".join(watch.errors)
