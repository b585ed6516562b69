"""Tests of snippets.note_store behaviour that the pages do not show."""

import pytest

from snippets.note_store import NoteStore


async def test_connections_share_the_store():
    store = NoteStore()
    first = await store.connect()
    second = await store.connect()

    await first.add("milk")

    assert await second.count() == 1
    assert store.open_connections == 2
    await first.close()
    await second.close()


async def test_closing_twice_counts_once():
    store = NoteStore()
    conn = await store.connect()

    await conn.close()
    await conn.close()

    assert conn.closed
    assert store.open_connections == 0


async def test_closed_connection_refuses_work():
    conn = await NoteStore().connect()
    await conn.close()

    with pytest.raises(RuntimeError, match="connection is closed"):
        await conn.add("milk")
    with pytest.raises(RuntimeError, match="connection is closed"):
        await conn.count()
