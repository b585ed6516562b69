"""The application: its routers, a lifespan, and a readiness probe.

The lifespan marks the application ready at startup and not ready at shutdown, and
`GET /health` reports that flag. ASGI servers run the lifespan; an `httpx.ASGITransport`
does not, which is why the tests that need it use `asgi_lifespan.LifespanManager`.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from snippets.api import auth, uploads, users, ws


# --8<-- [start:lifespan]
@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Startup and shutdown: a real application would open and close its pools here."""
    app.state.ready = True
    yield
    app.state.ready = False


app = FastAPI(title="Snippets API", lifespan=lifespan)
# --8<-- [end:lifespan]
app.state.ready = False
app.include_router(users.router)
app.include_router(auth.router)
app.include_router(uploads.router)
app.include_router(ws.router)


@app.get("/")
async def root() -> dict[str, str]:
    """A greeting."""
    return {"message": "Hello World"}


@app.get("/health")
async def health(request: Request) -> JSONResponse:
    """Readiness probe: 200 once the lifespan has started, 503 before and after."""
    if request.app.state.ready:
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "starting"}, status_code=503)
