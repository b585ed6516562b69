"""A Starlette app that warms a cache at startup: with Starlette 1.x, only through ``lifespan``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


# --8<-- [start:startup]
@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    app.state.cache = {"greeting": "hello"}  # what an on_startup handler used to do
    yield
    app.state.cache.clear()  # what an on_shutdown handler used to do


async def cached(request: Request) -> JSONResponse:
    return JSONResponse(request.app.state.cache)


app = Starlette(routes=[Route("/cached", cached)], lifespan=lifespan)
# --8<-- [end:startup]
