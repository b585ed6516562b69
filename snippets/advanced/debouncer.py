"""A debouncer: the "Advanced patterns" page tests `Debouncer`, which schedules its callback with
`loop.call_later`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


# --8<-- [start:debouncer]
class Debouncer:
    """Run a callback once, `delay` seconds after the last of a burst of triggers.

    Args:
        delay: Quiet time, in seconds, that must follow the last trigger.
        callback: Called with the arguments of the last trigger.
    """

    def __init__(self, delay: float, callback: Callable[..., Any]) -> None:
        self._delay = delay
        self._callback = callback
        self._handle: asyncio.TimerHandle | None = None

    def trigger(self, *args: Any) -> None:
        """Restart the quiet period; only the last trigger's arguments are used.

        Raises:
            RuntimeError: If called where no event loop is running.
        """
        loop = asyncio.get_running_loop()  # not get_event_loop(): fail loudly outside a loop
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self._delay, self._callback, *args)

    def cancel(self) -> None:
        """Drop a pending call, if there is one."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


# --8<-- [end:debouncer]
