"""An aiohttp client for a JSON API that retries with exponential back-off.

The caller owns the `aiohttp.ClientSession` and passes it in, and the back-off sleep is a
parameter, so tests can point the client at a local server and record the delays instead
of waiting for them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

# --8<-- [start:client]
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Response statuses that are worth another attempt."""


class ApiClient:
    """GET JSON from one API, retrying failures that may be temporary.

    Connection errors, timeouts and the statuses in `RETRY_STATUSES` are retried; any
    other error status raises `aiohttp.ClientResponseError` at once. Before retry
    number `n` (counting from 0) the client sleeps `base_delay * 2 ** n` seconds.

    Args:
        session: The session that sends the requests; the caller closes it.
        base_url: Prefix for every path, such as `"https://api.example.com"`.
        attempts: How many times to try one request in total.
        base_delay: The first back-off delay, in seconds.
        sleep: Awaited with each delay; tests pass a function that records it.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        *,
        attempts: int = 4,
        base_delay: float = 0.1,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.attempts = attempts
        self.base_delay = base_delay
        self.sleep = sleep

    def delays(self) -> list[float]:
        """The back-off delays between attempts, in seconds.

        Returns:
            `base_delay` doubled after each retry, one delay fewer than `attempts`:
            `[0.1, 0.2, 0.4]` with the defaults.
        """
        return [self.base_delay * 2**retry for retry in range(self.attempts - 1)]

    async def get_json(self, path: str) -> Any:
        """GET `path` and decode the JSON body, retrying temporary failures.

        Args:
            path: The path below `base_url`, starting with `/`.

        Returns:
            The decoded JSON body.

        Raises:
            aiohttp.ClientResponseError: On an error status that is not retried, or on
                any error status in the last attempt.
            aiohttp.ClientConnectionError: If the last attempt could not connect.
            TimeoutError: If the last attempt timed out.
        """
        url = self.base_url + path
        for delay in self.delays():
            try:
                async with self.session.get(url) as response:
                    if response.status not in RETRY_STATUSES:
                        response.raise_for_status()
                        return await response.json()
            except (aiohttp.ClientConnectionError, TimeoutError):
                pass  # temporary: back off and try again
            await self.sleep(delay)
        # The last attempt: every failure propagates to the caller.
        async with self.session.get(url) as response:
            response.raise_for_status()
            return await response.json()

    async def get_user(self, user_id: int) -> dict[str, Any]:
        """Fetch one user.

        Args:
            user_id: The user's id.

        Returns:
            The user as a dict, for example `{"id": 1, "name": "Alice"}`.
        """
        return await self.get_json(f"/users/{user_id}")


# --8<-- [end:client]
