"""Fetching several things at once, with `asyncio.TaskGroup` and with `asyncio.gather`.

The "Structured concurrency" page tests what each does when one fetch fails: the task
group cancels the other fetches and waits for them, `gather` raises the first error and
leaves the others running.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable


# --8<-- [start:fetch_all]
async def fetch_all(fetch: Callable[[str], Awaitable[bytes]], keys: Iterable[str]) -> dict[str, bytes]:
    """Fetch every key concurrently in a task group.

    If a fetch fails, the group cancels the others and waits for them to finish before
    the error reaches the caller.

    Args:
        fetch: Fetches one key.
        keys: The keys to fetch.

    Returns:
        Each key with what `fetch` returned for it.

    Raises:
        ExceptionGroup: Holding the error of every fetch that failed.
    """
    async with asyncio.TaskGroup() as tg:
        tasks = {key: tg.create_task(fetch(key), name=f"fetch {key}") for key in keys}
    return {key: task.result() for key, task in tasks.items()}


# --8<-- [end:fetch_all]


# --8<-- [start:fetch_all_gather]
async def fetch_all_gather(fetch: Callable[[str], Awaitable[bytes]], keys: Iterable[str]) -> dict[str, bytes]:
    """Fetch every key concurrently with `asyncio.gather`.

    If a fetch fails, its error is raised at once, unwrapped, and the other fetches keep
    running in the background.

    Args:
        fetch: Fetches one key.
        keys: The keys to fetch.

    Returns:
        Each key with what `fetch` returned for it.
    """
    keys = list(keys)
    results = await asyncio.gather(*(fetch(key) for key in keys))
    return dict(zip(keys, results, strict=True))


# --8<-- [end:fetch_all_gather]


# --8<-- [start:fetch_all_within]
async def fetch_all_within(
    fetch: Callable[[str], Awaitable[bytes]], keys: Iterable[str], *, timeout: float
) -> dict[str, bytes]:
    """Like `fetch_all`, but give up on all of them after `timeout` seconds.

    Args:
        fetch: Fetches one key.
        keys: The keys to fetch.
        timeout: Seconds for the whole batch.

    Returns:
        Each key with what `fetch` returned for it.

    Raises:
        TimeoutError: If the batch took longer than `timeout`; every fetch is cancelled.
    """
    async with asyncio.timeout(timeout):
        return await fetch_all(fetch, keys)


# --8<-- [end:fetch_all_within]
