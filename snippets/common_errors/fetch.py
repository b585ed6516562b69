"""The usual aiohttp call shape: ``session.get()`` is an async context manager, not a coroutine."""

from __future__ import annotations

import aiohttp


# --8<-- [start:fetch]
async def fetch_status(session: aiohttp.ClientSession, url: str) -> int:
    """Return the HTTP status of a GET on ``url``."""
    async with session.get(url) as response:
        return response.status


# --8<-- [end:fetch]
