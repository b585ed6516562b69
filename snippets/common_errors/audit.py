"""An audit log written in the background, started two ways: fire-and-forget, and in a task group."""

from __future__ import annotations

import asyncio


# --8<-- [start:audit]
async def write_audit(entry: str) -> None:
    """Store an audit entry; an empty one is refused."""
    await asyncio.sleep(0)
    if not entry:
        raise ValueError("empty audit entry")


def save_in_background(entry: str) -> asyncio.Task[None]:
    """Start writing ``entry`` and return at once; nobody awaits the task."""
    return asyncio.get_running_loop().create_task(write_audit(entry))


async def save_in_group(entry: str) -> None:
    """Write ``entry`` in a task group: its error reaches the caller."""
    async with asyncio.TaskGroup() as group:
        group.create_task(write_audit(entry))


# --8<-- [end:audit]
