"""Edge cases of snippets.async_functions (the connection and the deadlines) that the page does not show."""

import asyncio

import pytest

from snippets.async_functions.connection import Database, transaction
from snippets.async_functions.timeouts import slow_operation, with_fallback


async def test_execute_needs_an_open_connection():
    with pytest.raises(RuntimeError, match="not connected"):
        await Database().execute("SELECT 1")


async def test_the_connection_is_closed_when_the_block_raises():
    db = Database()
    with pytest.raises(KeyError):
        async with db:
            raise KeyError("boom")
    assert not db.connected


async def test_a_transaction_rolls_back_on_cancellation():
    # BaseException, not only Exception: a cancelled block must not commit.
    async with Database() as db:
        with pytest.raises(asyncio.CancelledError):
            async with transaction(db):
                raise asyncio.CancelledError
        assert db.log == ["BEGIN", "ROLLBACK"]


async def test_with_fallback_returns_the_result_in_time():
    assert await with_fallback(slow_operation(0), timeout=1, fallback="late") == "done"


async def test_with_fallback_cancels_the_call_it_gives_up_on():
    call = asyncio.ensure_future(slow_operation())
    assert await with_fallback(call, timeout=0, fallback="late") == "late"
    assert call.cancelled()
