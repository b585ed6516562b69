"""Edge cases of `snippets.rate_limiter` that the HTTP clients page does not show."""

import asyncio

import pytest

from snippets.rate_limiter import RateLimiter


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def time(self):
        return self.now

    async def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


async def test_callers_are_served_in_arrival_order():
    clock = FakeClock()
    limiter = RateLimiter(limit=1, period=1.0, clock=clock.time, sleep=clock.sleep)
    order = []

    async def call(name):
        await limiter.acquire()
        order.append(name)

    async with asyncio.TaskGroup() as tg:
        for name in "abcde":
            tg.create_task(call(name))

    assert order == list("abcde")
    assert clock.now == 4.0


async def test_spaced_out_calls_never_sleep():
    clock = FakeClock()
    limiter = RateLimiter(limit=2, period=1.0, clock=clock.time, sleep=clock.sleep)

    for _ in range(5):
        await limiter.acquire()
        clock.now += 0.5

    assert clock.sleeps == []


async def test_waits_only_until_the_oldest_call_expires():
    clock = FakeClock()
    limiter = RateLimiter(limit=2, period=1.0, clock=clock.time, sleep=clock.sleep)

    await limiter.acquire()  # at 0.0
    clock.now = 0.75
    await limiter.acquire()  # at 0.75
    granted = await limiter.acquire()  # waits for the call at 0.0 to expire

    assert clock.sleeps == pytest.approx([0.25])
    assert granted == pytest.approx(1.0)


async def test_a_short_sleep_is_checked_again():
    """If a sleep returns early, the limiter sleeps again instead of letting the caller in."""
    now = 0.0
    sleeps = []

    async def first_sleep_wakes_halfway(seconds):
        nonlocal now
        sleeps.append(seconds)
        now += seconds / 2 if len(sleeps) == 1 else seconds
        await asyncio.sleep(0)

    limiter = RateLimiter(limit=1, period=1.0, clock=lambda: now, sleep=first_sleep_wakes_halfway)
    await limiter.acquire()
    granted = await limiter.acquire()

    assert sleeps == [1.0, 0.5]
    assert granted == 1.0


async def test_default_clock_is_the_running_loop():
    limiter = RateLimiter(limit=1, period=1.0)
    before = asyncio.get_running_loop().time()
    granted = await limiter.acquire()
    assert before <= granted <= asyncio.get_running_loop().time()
