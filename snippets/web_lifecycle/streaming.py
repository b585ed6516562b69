"""A FastAPI application with a lifespan resource, streamed responses and background work.

The lifespan opens a `Mailer` at startup and closes it at shutdown. `GET /count`
streams a finite Server-Sent Events stream, `GET /ticks` an endless one. `POST /signup`
sends its welcome mail in a FastAPI background task after the response; `POST /reports`
starts a fire-and-forget `asyncio` task that the application keeps track of.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, BackgroundTasks, FastAPI, Request
from fastapi.responses import StreamingResponse

router = APIRouter()


# --8<-- [start:mailer]
class Mailer:
    """Stands in for an SMTP connection: records what it sends while it is open."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.open = False

    async def send(self, to: str) -> None:
        """Send a welcome mail to `to`.

        Raises:
            RuntimeError: If the mailer is closed.
        """
        if not self.open:
            raise RuntimeError("mailer is closed")
        await asyncio.sleep(0)  # a real mailer would talk to a server here
        self.sent.append(to)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the mailer at startup; at shutdown wait for running reports, then close it."""
    app.state.mailer.open = True
    yield
    await asyncio.gather(*app.state.reports)
    app.state.mailer.open = False


def create_app() -> FastAPI:
    """Build a fresh application with its own mailer, so tests share no state."""
    app = FastAPI(lifespan=lifespan)
    app.state.mailer = Mailer()
    app.state.reports = set()
    app.state.finished_reports = []
    app.include_router(router)
    return app


# --8<-- [end:mailer]


# --8<-- [start:streams]
def sse(data: str) -> str:
    """Format one Server-Sent Event."""
    return f"data: {data}\n\n"


@router.get("/count")
async def count(n: int = 3) -> StreamingResponse:
    """Stream the numbers 1 to `n` as events, then end the response."""

    async def events() -> AsyncIterator[str]:
        for i in range(1, n + 1):
            yield sse(str(i))
            await asyncio.sleep(0)

    return StreamingResponse(events(), media_type="text/event-stream")


@router.get("/ticks")
async def ticks() -> StreamingResponse:
    """Stream an event every 10 ms until the client goes away."""

    async def events() -> AsyncIterator[str]:
        tick = 0
        while True:
            tick += 1
            yield sse(f"tick {tick}")
            await asyncio.sleep(0.01)

    return StreamingResponse(events(), media_type="text/event-stream")


# --8<-- [end:streams]


# --8<-- [start:background]
@router.post("/signup", status_code=202)
async def signup(email: str, request: Request, tasks: BackgroundTasks) -> dict[str, str]:
    """Accept a signup and send the welcome mail after the response is sent."""
    tasks.add_task(request.app.state.mailer.send, email)
    return {"status": "accepted"}


@router.post("/reports", status_code=202)
async def start_report(name: str, request: Request) -> dict[str, str]:
    """Start building a report in a task of its own and answer at once."""
    state = request.app.state

    async def build() -> None:
        await asyncio.sleep(0)  # a real report would query and render here
        state.finished_reports.append(name)

    task = asyncio.create_task(build())
    state.reports.add(task)  # keep a reference: the loop holds tasks only weakly
    task.add_done_callback(state.reports.discard)
    return {"status": "started"}


# --8<-- [end:background]
