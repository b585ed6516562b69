"""Edge cases of `snippets.time.clock` that the "Time without waiting" page does not show."""

import asyncio

import pytest

from snippets.time.clock import LoopClock, retry, wait_until


class FakeClock:
    def __init__(self):
        self.time = 0.0

    def now(self):
        return self.time

    async def sleep(self, seconds):
        self.time += seconds
        await asyncio.sleep(0)


async def test_retry_needs_at_least_one_attempt():
    async def never_called():
        raise AssertionError("called")

    with pytest.raises(ValueError, match="at least 1"):
        await retry(never_called, attempts=0, clock=FakeClock())


async def test_retry_does_not_sleep_after_a_first_success():
    clock = FakeClock()

    async def ok():
        return 42

    assert await retry(ok, clock=clock) == 42
    assert clock.time == 0


async def test_wait_until_returns_at_once_when_ready():
    clock = FakeClock()

    async def ready():
        return True

    assert await wait_until(ready, timeout=60, interval=5, clock=clock) == 0
    assert clock.time == 0


async def test_wait_until_does_not_sleep_past_the_timeout():
    clock = FakeClock()

    async def never():
        return False

    with pytest.raises(TimeoutError):
        await wait_until(never, timeout=12, interval=5, clock=clock)
    assert clock.time == 12  # 5 + 5 + 2, not 15


async def test_loop_clock_reads_the_running_loop():
    clock = LoopClock()
    before = asyncio.get_running_loop().time()

    await clock.sleep(0)

    assert before <= clock.now() <= asyncio.get_running_loop().time()
