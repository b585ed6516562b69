"""Tests of snippets.item_processing that the concurrency and mocking pages do not show."""

import asyncio

import pytest

from snippets.item_processing import cancellable_operation, process_item, process_items


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
