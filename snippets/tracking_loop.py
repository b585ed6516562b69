"""An event loop that records the tasks created on it.

The "Advanced patterns" and "Python 3.14 and 3.15" pages use `TrackingEventLoop` as a custom loop
factory for pytest-asyncio's `pytest_asyncio_loop_factories` hook.
"""

from __future__ import annotations

import asyncio
from typing import Any


# --8<-- [start:factory]
class TrackingEventLoop(asyncio.SelectorEventLoop):
    """An event loop that keeps every task created on it, for checks after a test."""

    def __init__(self) -> None:
        super().__init__()
        self.tasks: list[asyncio.Task[Any]] = []

    def create_task(self, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        """Create the task as usual and remember it.

        Args:
            coro: The coroutine to run.
            **kwargs: `name` and `context`, as for `loop.create_task`.

        Returns:
            The new task.
        """
        task = super().create_task(coro, **kwargs)
        self.tasks.append(task)
        return task


# --8<-- [end:factory]
