"""A line echo server and a client for it, over real TCP sockets.

The "How pytest-asyncio runs your code" page uses them to show what binds an object to an
event loop: the client's socket is registered with the loop that opened it, and every read
waits on a future of that loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from snippets.line_echo import echo_lines


# --8<-- [start:server]
@asynccontextmanager
async def echo_server() -> AsyncIterator[tuple[str, int]]:
    """Serve on 127.0.0.1, on a port the operating system picks, echoing every line.

    Yields:
        The ``(host, port)`` the server listens on.
    """
    server = await asyncio.start_server(echo_lines, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    async with server:
        yield host, port


# --8<-- [end:server]


# --8<-- [start:client]
class LineClient:
    """One TCP connection that sends a line and reads the answer.

    Open it with `LineClient.connect`; the connection belongs to the event loop that
    opened it.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Wrap an open stream pair.

        Args:
            reader: The stream to read answers from.
            writer: The stream to send lines to.
        """
        self._reader = reader
        self._writer = writer

    @classmethod
    async def connect(cls, host: str, port: int) -> LineClient:
        """Open a connection to ``host:port`` on the running loop.

        Returns:
            The connected client.
        """
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def ask(self, line: str) -> str:
        """Send one line and return the line that comes back, without the newline."""
        self._writer.write(line.encode() + b"\n")
        await self._writer.drain()
        answer = await self._reader.readline()
        return answer.decode().rstrip("\n")

    async def close(self) -> None:
        """Close the connection and wait until it is closed."""
        self._writer.close()
        await self._writer.wait_closed()


# --8<-- [end:client]
