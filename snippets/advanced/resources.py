"""Real resources that tests combine with `contextlib.AsyncExitStack`.

Each context manager here opens something real on the local machine, a TCP server on
127.0.0.1 or a connection to it, and reports when it closes. The "Advanced patterns" page
enters several of them on one stack and checks that they close in reverse order.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

# --8<-- [start:server]
from snippets.line_echo import echo_lines


@asynccontextmanager
async def echo_server(on_close: Callable[[str], None]) -> AsyncIterator[tuple[str, int]]:
    """Run a line echo server on 127.0.0.1, on a free port chosen by the OS.

    Args:
        on_close: Called with `"server"` once the server has stopped.

    Yields:
        The `(host, port)` the server listens on.
    """
    server = await asyncio.start_server(echo_lines, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[:2]
    finally:
        server.close()
        await server.wait_closed()
        on_close("server")


# --8<-- [end:server]


# --8<-- [start:client]
@dataclass
class EchoClient:
    """A connection to an echo server."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    async def echo(self, line: str) -> str:
        """Send one line and return the server's reply.

        Args:
            line: Text without a newline.

        Returns:
            The line the server sent back, without its newline.
        """
        self.writer.write(line.encode() + b"\n")
        await self.writer.drain()
        return (await self.reader.readline()).decode().rstrip("\n")


@asynccontextmanager
async def echo_client(host: str, port: int, on_close: Callable[[str], None]) -> AsyncIterator[EchoClient]:
    """Connect to an echo server.

    Args:
        host: The server's address.
        port: The server's port.
        on_close: Called with `"client"` once the connection is closed.

    Yields:
        The connected client.
    """
    reader, writer = await asyncio.open_connection(host, port)
    try:
        yield EchoClient(reader, writer)
    finally:
        writer.close()
        await writer.wait_closed()
        on_close("client")


# --8<-- [end:client]
