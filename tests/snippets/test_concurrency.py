"""Tests of snippets.concurrency (counters, queues) that the Testing concurrency page does not show."""

import asyncio

import pytest

from snippets.concurrency.counters import Counter, UnsafeCounter
from snippets.concurrency.queues import consumer, process_all, producer


async def test_counters_agree_when_increments_do_not_overlap():
    unsafe, locked = UnsafeCounter(), Counter()
    for _ in range(3):
        await unsafe.increment()
        await locked.increment()
    assert unsafe.value == locked.value == 3


async def test_consumer_stops_at_the_first_sentinel():
    queue = asyncio.Queue()
    for item in ["a", None, "b"]:
        queue.put_nowait(item)
    assert await consumer(queue) == ["a"]
    assert queue.get_nowait() == "b"


async def test_producer_ends_with_the_sentinel():
    queue = asyncio.Queue()
    await producer(queue, [1, 2])
    assert [queue.get_nowait() for _ in range(3)] == [1, 2, None]


async def test_process_all_reports_a_failing_handler():
    async def fail(item):
        raise ValueError(f"bad item {item}")

    with pytest.RaisesGroup(pytest.RaisesExc(ValueError, match="bad item 1")):
        async with asyncio.timeout(1):
            await process_all([1], fail)


async def test_process_all_limits_concurrency_to_the_worker_count():
    in_flight = peak = 0

    async def handle(item):
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0)
        in_flight -= 1
        return item

    async with asyncio.timeout(1):
        results = await process_all(range(10), handle, workers=3)

    assert peak == 3
    assert sorted(results) == list(range(10))


async def test_process_all_of_nothing_returns_at_once():
    async def handle(item):
        raise AssertionError("never called")

    async with asyncio.timeout(1):
        assert await process_all([], handle) == []
