"""A web app that calls another HTTP service through one aiohttp session, made two ways."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from fastapi import FastAPI, Request


# --8<-- [start:lazy]
def lazy_session_app(upstream: str) -> FastAPI:
    """The session is made on the first request and kept, like a module-level client."""
    app = FastAPI()
    app.state.session = None

    @app.get("/greeting")
    async def greeting() -> dict[str, str]:
        if app.state.session is None:
            app.state.session = aiohttp.ClientSession()  # bound to the loop running now
        async with app.state.session.get(upstream) as response:
            return {"greeting": await response.text()}

    return app


# --8<-- [end:lazy]


# --8<-- [start:lifespan]
def lifespan_session_app(upstream: str) -> FastAPI:
    """The session lives exactly as long as the app runs, on the app's own loop."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with aiohttp.ClientSession() as session:
            app.state.session = session
            yield

    app = FastAPI(lifespan=lifespan)

    @app.get("/greeting")
    async def greeting(request: Request) -> dict[str, str]:
        async with request.app.state.session.get(upstream) as response:
            return {"greeting": await response.text()}

    return app


# --8<-- [end:lifespan]
