"""Producers, consumers and worker pools built on `asyncio.Queue`.

The "Testing concurrency" page tests these with a deadline around every wait, so a
missing item or a forgotten `task_done()` fails the test instead of hanging it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any


# --8<-- [start:pipeline]
async def producer(queue: asyncio.Queue[Any], items: Iterable[Any]) -> None:
    """Put every item on the queue, then `None` to say there are no more.

    Args:
        queue: Where the items go.
        items: What to send.
    """
    for item in items:
        await queue.put(item)
    await queue.put(None)  # sentinel: the consumer stops here


async def consumer(queue: asyncio.Queue[Any]) -> list[Any]:
    """Take items off the queue until the `None` sentinel arrives.

    Args:
        queue: Where the items come from.

    Returns:
        The items, in the order they arrived.
    """
    results = []
    while True:
        item = await queue.get()
        if item is None:
            return results
        results.append(item)


# --8<-- [end:pipeline]


# --8<-- [start:pool]
async def worker(
    queue: asyncio.Queue[Any],
    handle: Callable[[Any], Awaitable[Any]],
    results: list[Any],
) -> None:
    """Handle items from the queue forever, marking each one done.

    Args:
        queue: Where the items come from.
        handle: Called with each item; its result goes to `results`.
        results: Collects the results, in the order the handling finished.
    """
    while True:
        item = await queue.get()
        try:
            results.append(await handle(item))
        finally:
            queue.task_done()  # without this, queue.join() never returns


async def process_all(
    items: Iterable[Any],
    handle: Callable[[Any], Awaitable[Any]],
    workers: int = 3,
) -> list[Any]:
    """Handle every item with a pool of workers and wait until all are done.

    Args:
        items: What to handle.
        handle: The async function that handles one item.
        workers: How many items may be handled at the same time.

    Returns:
        The results, in the order the handling finished.

    Raises:
        ExceptionGroup: If `handle` raised; the other workers are cancelled.
    """
    queue: asyncio.Queue[Any] = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    results: list[Any] = []
    async with asyncio.TaskGroup() as group:  # a failing handler cancels the rest and raises
        tasks = [group.create_task(worker(queue, handle, results)) for _ in range(workers)]
        await queue.join()  # returns once every item got its task_done()
        for task in tasks:
            task.cancel()  # the workers loop forever; stop them now that the queue is drained
    return results


# --8<-- [end:pool]
