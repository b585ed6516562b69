"""Tests of snippets.tracking_loop that the pages do not show."""

import asyncio

from snippets.tracking_loop import TrackingEventLoop


def test_tracking_loop_records_tasks():
    loop = TrackingEventLoop()
    try:
        task = loop.create_task(asyncio.sleep(0), name="probe")
        loop.run_until_complete(task)
    finally:
        loop.close()
    assert loop.tasks == [task]
    assert task.get_name() == "probe"
