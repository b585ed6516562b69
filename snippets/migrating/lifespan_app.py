"""A FastAPI app that opens its store when it starts and closes it when it stops.

The "Migrating from older pytest-asyncio" page uses it to show the lifespan handler that
replaces ``@app.on_event("startup")`` and ``@app.on_event("shutdown")``, and the httpx
transport that replaces ``AsyncClient(app=app)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request

from snippets.user_store import UserDB


# --8<-- [start:app]
def create_app(path: str = ":memory:") -> FastAPI:
    """Build the app; its store opens at startup and closes at shutdown.

    Args:
        path: The SQLite database the store opens.

    Returns:
        A new application. While it runs, ``app.state.store`` is the open `UserDB`.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = await UserDB.connect(path)  # what on_event("startup") did
        try:
            yield
        finally:  # also when the app is stopped by an error, or a test that failed
            await app.state.store.close()  # what on_event("shutdown") did

    app = FastAPI(lifespan=lifespan)

    @app.get("/users/count")
    async def count_users(request: Request) -> dict[str, int]:
        return {"count": await request.app.state.store.count()}

    return app


# --8<-- [end:app]
