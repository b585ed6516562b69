"""Shared state updated by concurrent tasks.

The "Testing concurrency" page shows `UnsafeCounter` losing updates when several tasks
increment it at once, and `Counter` keeping every update by holding an `asyncio.Lock`
across the read and the write.
"""

from __future__ import annotations

import asyncio


# --8<-- [start:unsafe]
class UnsafeCounter:
    """A counter whose increment reads, awaits, then writes: a lost-update race."""

    def __init__(self) -> None:
        """Start at zero."""
        self.value = 0

    async def increment(self) -> None:
        """Add one, with a suspension point between reading and writing the value."""
        current = self.value
        await asyncio.sleep(0)  # any await here lets another task run: I/O, a lock, a log call
        self.value = current + 1


# --8<-- [end:unsafe]


# --8<-- [start:locked]
class Counter:
    """A counter whose read-await-write runs under an `asyncio.Lock`.

    The lock serialises tasks on one event loop. It is not thread-safe: code that
    increments from several threads needs a `threading.Lock` instead.
    """

    def __init__(self) -> None:
        """Start at zero, with a lock of its own."""
        self.value = 0
        self._lock = asyncio.Lock()

    async def increment(self) -> None:
        """Add one; concurrent calls wait for each other instead of interleaving."""
        async with self._lock:
            current = self.value
            await asyncio.sleep(0)
            self.value = current + 1


# --8<-- [end:locked]
