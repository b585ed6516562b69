"""Code that calls two services with httpx: one the test runs for real, one it mocks."""

from __future__ import annotations

import httpx

from snippets.common_errors.quotes import QUOTES_API


# --8<-- [start:digest]
async def morning_digest(greeting_url: str) -> str:
    """The quote of the day from the outside API, and a greeting from a local service."""
    async with httpx.AsyncClient() as http:
        quote = (await http.get(QUOTES_API)).json()["text"]
        greeting = (await http.get(greeting_url)).text
    return f"{greeting}: {quote}"


# --8<-- [end:digest]
