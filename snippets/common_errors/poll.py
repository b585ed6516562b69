"""Polling a job until it is done: each poll awaits the client once."""

from __future__ import annotations

import asyncio
from typing import Protocol


class JobClient(Protocol):
    async def status(self, job_id: str) -> str: ...


# --8<-- [start:poll]
async def wait_until_done(client: JobClient, job_id: str, interval: float = 1.0) -> int:
    """Poll ``client.status(job_id)`` until it is ``"done"``; return the number of polls."""
    polls = 1
    while await client.status(job_id) != "done":
        await asyncio.sleep(interval)
        polls += 1
    return polls


# --8<-- [end:poll]
