"""Tests of snippets.concurrency, snippets.counters and snippets.queues that the pages do not show."""

import asyncio

import pytest

from snippets.concurrency import cancellable_operation, process_item, process_items
from snippets.counters import Counter, UnsafeCounter
from snippets.queues import consumer, process_all, producer


async def test_process_item_labels_the_item():
    assert await process_item(7) == "processed_7"


async def test_process_items_of_nothing_is_empty():
    assert await process_items([]) == []


async def test_wait_for_zero_cancels_before_the_body_runs():
    # Unlike asyncio.timeout(0), wait_for(..., timeout=0) cancels the new task before it
    # starts (Python 3.11), so nothing is acquired and there is nothing to release.
    log = []
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(cancellable_operation(log), timeout=0)
    assert log == []


async def test_cancel_before_start_skips_the_body():
    log = []
    task = asyncio.create_task(cancellable_operation(log))
    task.cancel()  # before the task ever ran
    with pytest.raises(asyncio.CancelledError):
        await task
    assert log == []


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
