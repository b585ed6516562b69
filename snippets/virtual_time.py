"""An event loop whose clock jumps ahead instead of waiting.

The "Time without waiting" and "Structured concurrency" pages run timeouts, retries and
back-off on it: a minute of `asyncio.sleep` and `asyncio.timeout` passes in a few
milliseconds of real time, and the loop's clock shows exactly how much time the code
believed had passed. It is built from public asyncio pieces only: a selector and
`asyncio.SelectorEventLoop`.
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


# --8<-- [start:loop]
class JumpingSelector(selectors.DefaultSelector):
    """A selector that never waits for a timer: it moves its clock to the timer instead.

    The event loop asks its selector to wait until the next timer is due. This one adds
    that timeout to its own clock and only polls for I/O. With no timer pending
    (`timeout=None`) it waits for I/O like any selector, as a real loop would.
    """

    def __init__(self) -> None:
        super().__init__()
        self.now = 0.0

    def select(self, timeout: float | None = None) -> list[Any]:
        """Jump the clock by `timeout`, then poll without blocking.

        Args:
            timeout: Seconds until the loop's next timer, or `None` when none is pending.

        Returns:
            The ready I/O events, as `selectors.DefaultSelector.select` returns them.
        """
        if timeout is None:
            return super().select(None)
        self.now += max(timeout, 0.0)
        return super().select(0)


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """A selector event loop whose `time()` starts at 0 and only moves when it would wait.

    Use it as a loop factory: `asyncio.Runner(loop_factory=VirtualTimeLoop)`, or return
    it from pytest-asyncio's `pytest_asyncio_loop_factories` hook.
    """

    def __init__(self) -> None:
        self._jumping_selector = JumpingSelector()
        super().__init__(self._jumping_selector)

    def time(self) -> float:
        """The loop's virtual clock, in seconds since the loop was created."""
        return self._jumping_selector.now


# --8<-- [end:loop]


# --8<-- [start:run]
def run_in_virtual_time(coro: Coroutine[Any, Any, T]) -> tuple[T, float]:
    """Run `coro` to completion on a new `VirtualTimeLoop`.

    Args:
        coro: The coroutine to run.

    Returns:
        The coroutine's result and the virtual seconds that passed while it ran.
    """
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        result = runner.run(coro)
        return result, runner.get_loop().time()


# --8<-- [end:run]
