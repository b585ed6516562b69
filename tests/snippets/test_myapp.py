"""Tests of snippets.myapp's real functions (the mocking page replaces them)."""

import pytest

from snippets.myapp import acquire_lock, do_work, process_with_lock


async def test_process_with_lock_runs_the_real_work():
    assert await process_with_lock() == "work done under reports"


async def test_lock_cannot_be_taken_twice():
    async with acquire_lock("jobs") as token:
        assert token == "jobs"
        with pytest.raises(RuntimeError, match="already held"):
            async with acquire_lock("jobs"):
                pass


async def test_lock_is_released_after_an_error():
    with pytest.raises(ValueError):
        async with acquire_lock("jobs"):
            raise ValueError("boom")

    async with acquire_lock("jobs") as token:
        assert token == "jobs"


async def test_do_work():
    assert await do_work("x") == "work done under x"
