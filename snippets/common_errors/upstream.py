"""A real HTTP server on 127.0.0.1, in a thread, that the example apps call out to.

It runs in a thread of its own, not on an event loop, so it keeps answering while the loops
of several test clients come and go.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Hello(BaseHTTPRequestHandler):
    # HTTP/1.0: the server closes each connection after its response, so no client keeps a
    # pooled connection that would outlive its event loop.
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:  # noqa: N802 (base class name)
        body = b"hello"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base signature)
        pass


@contextmanager
def hello_server() -> Iterator[str]:
    """Serve ``hello`` on a free port of 127.0.0.1; yield the server's URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    thread = threading.Thread(target=server.serve_forever, name="hello-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
