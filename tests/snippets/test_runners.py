"""Tests of snippets.runners.fetch that the runners page does not show."""

import anyio
import pytest

from snippets.runners.fetch import fetch_all


async def test_no_keys_no_calls():
    calls = []

    async def fetch(key):
        calls.append(key)

    assert await fetch_all([], fetch) == []
    assert calls == []


async def test_results_follow_the_keys_not_the_finishing_order():
    release_first = anyio.Event()

    async def fetch(key):
        if key == "first":
            await release_first.wait()  # finishes last
        else:
            release_first.set()
        return key

    assert await fetch_all(["first", "second"], fetch) == ["first", "second"]


async def test_a_failure_cancels_the_other_calls():
    cancelled = []

    async def fetch(key):
        if key == "bad":
            await anyio.sleep(0)
            raise LookupError(key)
        try:
            await anyio.Event().wait()  # never set
        except anyio.get_cancelled_exc_class():
            cancelled.append(key)
            raise

    with pytest.RaisesGroup(pytest.RaisesExc(LookupError, match="bad")):
        await fetch_all(["slow", "bad"], fetch)
    assert cancelled == ["slow"]
