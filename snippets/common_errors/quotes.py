"""A web app that calls an outside API with httpx: the request a test mocks is the outbound one."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

# --8<-- [start:quotes]
QUOTES_API = "https://quotes.example/api/today"

app = FastAPI()


@app.get("/quote")
async def quote() -> dict[str, str]:
    async with httpx.AsyncClient() as http:
        response = await http.get(QUOTES_API)
        response.raise_for_status()
    return {"quote": response.json()["text"]}


# --8<-- [end:quotes]
