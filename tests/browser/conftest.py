"""Fixtures of the browser suite: the built site, a local HTTP server, headless Chromium.

The site is built once per session with ``mkdocs build --strict`` into a temporary folder, or
taken from ``$SITE_DIR`` when that names an already built site (``make test`` builds it anyway).
It is served on 127.0.0.1 under the path of ``site_url``, gzip-compressed, with the site's
``404.html`` for missing addresses, as GitHub Pages serves it. One Chromium runs for the whole
session, driven by Playwright's async API on a session-wide event loop.

Nothing here is skipped: without Chromium or ``node_modules/axe-core`` every test fails with a
message that says what to install.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import pytest_asyncio
from browser_site import BUILD, ROOT, Site, mkdocs_config, nav_pages
from playwright.async_api import Browser, async_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require_tools() -> None:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install it with "
            "`apt-get install -y chromium` (Debian), or point $CHROMIUM at a Chromium binary. "
            "`playwright install` cannot download browsers here.",
            pytrace=False,
        )
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is missing at {AXE.relative_to(ROOT)}: run `npm ci` in {ROOT}.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site: $SITE_DIR if set, else a fresh strict build."""
    given = os.environ.get("SITE_DIR")
    if given:
        directory = Path(given)
        if not directory.is_absolute():
            directory = ROOT / directory
        if not (directory / "index.html").is_file():
            pytest.fail(f"SITE_DIR={given} holds no built site (no index.html)", pytrace=False)
        return directory
    directory = tmp_path_factory.mktemp("site")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(directory)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    # As `make site` does: each page's examples as a download next to the pages.
    subprocess.run(
        [sys.executable, "-m", "mdpytest.export", "--zip", "--out", str(directory / "exported")],
        cwd=ROOT,
        capture_output=True,
        timeout=300,
        check=True,
    )
    return directory


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site like GitHub Pages: under ``prefix``, text gzip-compressed for clients
    that accept it, and missing paths answered with the site's 404 page."""

    prefix = "/"
    compressible = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
    _gzipped: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 (base class name)
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in self.compressible and path.is_file()):
            super().do_GET()
            return
        key = str(path)
        if key not in self._gzipped:
            self._gzipped[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self._gzipped[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base signature)
        pass


@pytest.fixture(scope="session")
def site(site_dir: Path) -> Iterator[Site]:
    """The site served over HTTP on a free port of 127.0.0.1, from a thread."""
    prefix = urlsplit(mkdocs_config().get("site_url") or "/").path or "/"
    if not prefix.endswith("/"):
        prefix += "/"
    handler = type("Handler", (_Handler,), {"prefix": prefix, "_gzipped": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield Site(directory=site_dir, origin=f"http://{host}:{port}", prefix=prefix)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser() -> AsyncIterator[Browser]:
    """One headless Chromium for the whole session."""
    _require_tools()
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    _require_tools()
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def page_weights(request: pytest.FixtureRequest) -> Iterator[dict[str, dict]]:
    """Collects each page's transferred bytes and load time; written to build/page-weight.json."""
    weights: dict[str, dict] = {}
    yield weights
    if not weights:
        return
    BUILD.mkdir(exist_ok=True)
    ordered = {page: weights[page] for page in sorted(weights, key=_nav_index)}
    (BUILD / "page-weight.json").write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")
    request.config.stash[_WEIGHTS] = ordered


def _nav_index(page: str) -> int:
    pages = nav_pages()
    return pages.index(page) if page in pages else len(pages)


_WEIGHTS = pytest.StashKey[dict]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    weights = config.stash.get(_WEIGHTS, None)
    if not weights:
        return
    terminalreporter.section("page weight (transferred, gzip as on GitHub Pages, cold cache)")
    terminalreporter.write_line(f"{'page':<28} {'requests':>8} {'bytes':>10} {'load ms':>8}")
    for page, row in weights.items():
        terminalreporter.write_line(f"{page:<28} {row['requests']:>8} {row['bytes']:>10} {row['load_ms']:>8.0f}")
    terminalreporter.write_line(f"written to {(BUILD / 'page-weight.json').relative_to(ROOT)}")
