"""Code that waits, written against a clock it is given.

The "Time without waiting" page tests `retry` and `wait_until` twice: with a fake clock
injected by the test, and with the default `LoopClock` on an event loop whose clock jumps
ahead (`snippets.virtual_time`). Neither test waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


# --8<-- [start:clock]
class Clock(Protocol):
    """What code that waits needs to know about time."""

    def now(self) -> float:
        """Seconds on a monotonic clock; only differences between readings matter."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds`, letting other tasks run."""
        ...


class LoopClock:
    """The real clock: the running event loop's time and `asyncio.sleep`."""

    def now(self) -> float:
        """The running loop's `time()`, a monotonic clock."""
        return asyncio.get_running_loop().time()

    async def sleep(self, seconds: float) -> None:
        """`asyncio.sleep(seconds)`."""
        await asyncio.sleep(seconds)


# --8<-- [end:clock]


# --8<-- [start:retry]
async def retry(
    operation: Callable[[], Awaitable[T]],
    *,
    attempts: int = 6,
    first_delay: float = 2.0,
    max_delay: float = 30.0,
    clock: Clock | None = None,
) -> T:
    """Await `operation()` until it succeeds, doubling the pause after each failure.

    Args:
        operation: Called with no arguments for each attempt; any `Exception` is a failure.
        attempts: How many times to try in total.
        first_delay: The pause after the first failure, in seconds.
        max_delay: No pause is longer than this.
        clock: Where to sleep; the running loop's clock when `None`.

    Returns:
        The first successful result.

    Raises:
        ValueError: If `attempts` is less than 1.
        Exception: Whatever the last attempt raised, if every attempt failed.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    clock = clock or LoopClock()
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return await operation()
        except Exception:
            if attempt == attempts:
                raise
        await clock.sleep(min(delay, max_delay))
        delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


# --8<-- [end:retry]


# --8<-- [start:wait_until]
async def wait_until(
    check: Callable[[], Awaitable[bool]],
    *,
    timeout: float,
    interval: float,
    clock: Clock | None = None,
) -> float:
    """Poll `check()` every `interval` seconds until it returns true.

    Args:
        check: Called with no arguments; a true result ends the wait.
        timeout: Give up after this many seconds.
        interval: The pause between two checks, in seconds.
        clock: The clock to read and sleep on; the running loop's clock when `None`.

    Returns:
        The seconds that passed until `check()` returned true.

    Raises:
        TimeoutError: If `check()` was still false when `timeout` seconds had passed.
    """
    clock = clock or LoopClock()
    start = clock.now()
    while not await check():
        elapsed = clock.now() - start
        if elapsed >= timeout:
            raise TimeoutError(f"not ready after {elapsed:g} s")
        await clock.sleep(min(interval, timeout - elapsed))
    return clock.now() - start


# --8<-- [end:wait_until]
