"""Edge cases of `snippets.virtual_time` that the pages do not show."""

import asyncio
import threading
import time

from snippets.virtual_time import VirtualTimeLoop, run_in_virtual_time


def test_concurrent_sleepers_wake_in_timer_order():
    async def scenario():
        woke = []

        async def sleeper(seconds):
            await asyncio.sleep(seconds)
            woke.append((seconds, asyncio.get_running_loop().time()))

        async with asyncio.TaskGroup() as tg:
            for seconds in (30, 10, 20):
                tg.create_task(sleeper(seconds))
        return woke

    woke, elapsed = run_in_virtual_time(scenario())

    assert woke == [(10, 10.0), (20, 20.0), (30, 30.0)]
    assert elapsed == 30.0  # concurrent sleeps overlap, unlike a fake clock's


def test_a_coroutine_without_timers_takes_no_virtual_time():
    async def no_sleep():
        await asyncio.sleep(0)
        return "done"

    assert run_in_virtual_time(no_sleep()) == ("done", 0.0)


def test_wakes_up_for_another_thread_when_no_timer_is_pending():
    async def wait_for_thread():
        loop = asyncio.get_running_loop()
        done = asyncio.Event()
        thread = threading.Thread(target=loop.call_soon_threadsafe, args=[done.set])
        thread.start()
        await done.wait()  # no timer pending: the selector waits for the wake-up
        thread.join()
        return loop.time()

    started = time.perf_counter()
    assert run_in_virtual_time(wait_for_thread()) == (0.0, 0.0)
    assert time.perf_counter() - started < 1


def test_each_loop_starts_at_zero():
    loop = VirtualTimeLoop()
    try:
        assert loop.time() == 0.0
    finally:
        loop.close()
