"""Putting a deadline on slow calls.

The "Testing async functions" page tests this module with a deadline of `0`, which has
already passed: the slow call is cancelled at its first `await`, so no test waits for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


# --8<-- [start:slow]
async def slow_operation(seconds: float = 10.0) -> str:
    """Stand in for a call that takes a long time, such as a stuck server.

    Args:
        seconds: How long the call takes.

    Returns:
        `"done"`, once the time has passed.
    """
    await asyncio.sleep(seconds)
    return "done"


# --8<-- [end:slow]


# --8<-- [start:fallback]
async def with_fallback(call: Awaitable[T], *, timeout: float, fallback: T) -> T:
    """Await `call`, but give up after `timeout` seconds and return `fallback`.

    The call is cancelled when the deadline passes, so it does not keep running.

    Args:
        call: The awaitable to wait for, usually a coroutine.
        timeout: The deadline in seconds.
        fallback: What to return when the deadline passes.

    Returns:
        The call's result, or `fallback` if it did not finish in time.
    """
    try:
        async with asyncio.timeout(timeout):
            return await call
    except TimeoutError:
        return fallback


# --8<-- [end:fallback]
