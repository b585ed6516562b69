"""Running work concurrently, and stopping it cleanly.

The "Testing concurrency" page tests this module: that `process_items` really runs its
calls at the same time, and that `cancellable_operation` cleans up when it is cancelled
and still reports the cancellation to whoever cancelled it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable


# --8<-- [start:gather]
async def process_item(item: int) -> str:
    """Process one item; stands in for a network or database call.

    Args:
        item: The item to process.

    Returns:
        A label for the processed item.
    """
    await asyncio.sleep(0)
    return f"processed_{item}"


async def process_items(items: Iterable[int]) -> list[str]:
    """Process all items concurrently.

    Args:
        items: The items to process.

    Returns:
        One result per item, in the order of `items`, whatever order the calls finish in.
    """
    return await asyncio.gather(*(process_item(item) for item in items))


# --8<-- [end:gather]


# --8<-- [start:cancel]
async def cancellable_operation(log: list[str], seconds: float = 10.0) -> str:
    """Hold a resource during a long wait, and release it however the wait ends.

    Args:
        log: Receives `"acquired"`, then `"released"`, and `"cancelled"` if the
            operation was cancelled before it finished.
        seconds: How long the operation takes.

    Returns:
        `"completed"`, if the wait finished.

    Raises:
        asyncio.CancelledError: If the operation is cancelled; it is re-raised after
            cleanup, so timeouts and `Task.cancel()` keep working.
    """
    log.append("acquired")
    try:
        await asyncio.sleep(seconds)
        return "completed"
    except asyncio.CancelledError:
        log.append("cancelled")
        raise
    finally:
        log.append("released")


# --8<-- [end:cancel]
