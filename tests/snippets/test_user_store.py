"""Tests of snippets.user_store that the fixtures page does not show."""

import asyncio
import sqlite3

import pytest

from snippets.user_store import User, UserDB


@pytest.fixture
async def db():
    async with await UserDB.connect() as database:
        yield database


async def test_get_missing_user_is_none(db):
    assert await db.get(404) is None


async def test_delete(db):
    alice = await db.add("Alice", "alice@example.com")

    assert await db.delete(alice.id) is True
    assert await db.delete(alice.id) is False
    assert await db.count() == 0


async def test_duplicate_email_is_rejected_and_rolled_back(db):
    await db.add("Alice", "alice@example.com")

    with pytest.raises(sqlite3.IntegrityError):
        await db.add("Other Alice", "alice@example.com")

    assert await db.count() == 1
    bob = await db.add("Bob", "bob@example.com")
    assert await db.get(bob.id) == User(bob.id, "Bob", "bob@example.com")


async def test_transaction_rolls_back_on_error(db):
    with pytest.raises(RuntimeError, match="abort"):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO users (name, email) VALUES (?, ?)", ("Eve", "eve@example.com"))
            raise RuntimeError("abort")

    assert await db.count() == 0


async def test_close_is_idempotent():
    database = await UserDB.connect()
    await database.close()
    await database.close()
    assert database.closed


async def test_context_manager_closes():
    async with await UserDB.connect() as database:
        assert not database.closed
    assert database.closed


async def two_adds(db, *names):
    await asyncio.gather(*(db.add(name, f"{name}@example.com") for name in names))


def test_lock_binds_to_the_first_loop_that_waits_on_it():
    """What the fixtures page claims: fine on any loop until the lock has had to wait."""
    first, second = asyncio.Runner(), asyncio.Runner()
    try:
        db = first.run(UserDB.connect())
        second.run(db.add("a", "a@example.com"))  # no waiting: another loop is fine
        first.run(two_adds(db, "b", "c"))  # the second add waits: lock bound to `first`
        with pytest.raises(RuntimeError, match="bound to a different event loop"):
            second.run(two_adds(db, "d", "e"))
    finally:
        second.close()
        first.run(db.close())
        first.close()
