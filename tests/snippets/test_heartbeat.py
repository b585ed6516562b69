"""Tests of snippets.heartbeat behaviour that the pages do not show."""

import asyncio

from snippets.heartbeat import heartbeat


async def test_heartbeat_continues_a_list_it_did_not_start():
    beats = [1, 2]
    task = asyncio.create_task(heartbeat(beats))
    await asyncio.sleep(0)
    task.cancel()
    await asyncio.wait([task])

    assert beats == [1, 2, 3]
    assert task.cancelled()
