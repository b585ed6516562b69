"""Async generators: values produced by awaiting, and cleanup when iteration stops.

The "Advanced patterns" page tests `async_range` by collecting its values, and
`read_messages` for the harder property: that the connection is closed however the
iteration ends, including when the consumer stops early.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol


# --8<-- [start:range]
async def async_range(n: int) -> AsyncIterator[int]:
    """Yield 0 to n - 1, giving other tasks a turn before each value.

    Args:
        n: How many numbers to yield.

    Yields:
        The numbers 0, 1, ..., n - 1.
    """
    for i in range(n):
        await asyncio.sleep(0)
        yield i


# --8<-- [end:range]


# --8<-- [start:messages]
class Connection(Protocol):
    """What `read_messages` needs from a connection."""

    async def receive(self) -> str | None:
        """Return the next message, or `None` when the peer has finished."""

    async def close(self) -> None:
        """Release the connection."""


async def read_messages(connect: Callable[[], Awaitable[Connection]]) -> AsyncIterator[str]:
    """Open a connection and yield its messages, closing it however iteration ends.

    Args:
        connect: Opens the connection.

    Yields:
        Each message, until the peer sends `None`.
    """
    connection = await connect()
    try:
        while (message := await connection.receive()) is not None:
            yield message
    finally:
        await connection.close()  # runs on exhaustion, on error, and on aclose()


# --8<-- [end:messages]
