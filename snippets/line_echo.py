"""The line echo handler behind the guide's local TCP test servers.

``snippets.advanced.resources``, ``snippets.event_loops.echo_server`` and ``snippets.parallel.ports`` each start a server on
127.0.0.1 with it; they differ in how the server is started and handed to tests.
"""

from __future__ import annotations

import asyncio


async def echo_lines(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Send every line back to the client until it disconnects, then close the connection.

    Args:
        reader: The connection's incoming side.
        writer: The connection's outgoing side.
    """
    try:
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()
