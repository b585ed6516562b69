"""Concurrent look-ups written with AnyIO, so they run on asyncio and on trio.

The "Choosing a runner" page tests `fetch_all` with pytest-asyncio, with AnyIO's pytest
plugin on both backends, and with `unittest.IsolatedAsyncioTestCase`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import anyio

K = TypeVar("K")
V = TypeVar("V")


# --8<-- [start:fetch_all]
async def fetch_all(keys: Sequence[K], fetch: Callable[[K], Awaitable[V]]) -> list[V]:
    """Call `fetch` for every key at the same time, in one task group.

    Args:
        keys: What to look up.
        fetch: An async function that looks up one key.

    Returns:
        The results in the order of `keys`, whatever order the calls finished in.

    Raises:
        ExceptionGroup: If any call failed; the other calls are cancelled.
    """
    results: dict[int, V] = {}

    async def fetch_one(index: int, key: K) -> None:
        results[index] = await fetch(key)

    async with anyio.create_task_group() as group:
        for index, key in enumerate(keys):
            group.start_soon(fetch_one, index, key)
    return [results[index] for index in range(len(keys))]


# --8<-- [end:fetch_all]
