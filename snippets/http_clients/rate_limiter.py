"""A sliding-window rate limiter for asyncio code.

`RateLimiter.acquire` lets at most `limit` callers through in any window of `period`
seconds. The clock and the sleep are parameters, so a test can drive time by hand.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable


# --8<-- [start:limiter]
class RateLimiter:
    """Allow at most `limit` acquisitions in any `period` seconds.

    Callers wait in arrival order: one lock serialises them, and the caller holding it
    sleeps until the oldest acquisition leaves the window, then checks again.

    Args:
        limit: How many acquisitions fit in one window.
        period: The window length, in seconds.
        clock: Returns the current time in seconds; defaults to the running event
            loop's clock, the one `asyncio.sleep` uses.
        sleep: Awaited with the number of seconds to wait; defaults to `asyncio.sleep`.
    """

    def __init__(
        self,
        limit: int,
        period: float = 1.0,
        *,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.limit = limit
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._recent: deque[float] = deque()

    def _now(self) -> float:
        if self._clock is not None:
            return self._clock()
        return asyncio.get_running_loop().time()

    async def acquire(self) -> float:
        """Wait until one more call fits in the window, and record it.

        Returns:
            The clock time at which this acquisition was granted.
        """
        async with self._lock:
            while True:
                now = self._now()
                while self._recent and self._recent[0] <= now - self.period:
                    self._recent.popleft()
                if len(self._recent) < self.limit:
                    self._recent.append(now)
                    return now
                # Full: wait for the oldest call to leave the window, then look again.
                await self._sleep(self._recent[0] + self.period - now)


# --8<-- [end:limiter]
