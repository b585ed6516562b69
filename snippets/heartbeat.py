"""A heartbeat that runs in the background until it is cancelled.

The "Common pitfalls" page starts it as a task to show what happens to tasks a test leaves
running, and how to stop them.
"""

from __future__ import annotations

import asyncio


# --8<-- [start:heartbeat]
async def heartbeat(beats: list[int], interval: float = 0.0) -> None:
    """Append 1, 2, 3, ... to `beats`, one number per beat, until cancelled.

    Args:
        beats: The list to append to; the caller reads it to see the beats.
        interval: Seconds to wait between beats; 0 just lets other tasks run.
    """
    while True:
        beats.append(len(beats) + 1)
        await asyncio.sleep(interval)


# --8<-- [end:heartbeat]
