"""Tests of snippets.event_loops.echo_server that the event-loops page does not show."""

import asyncio

import pytest

from snippets.event_loops.echo_server import LineClient, echo_server


@pytest.fixture
async def address():
    async with echo_server() as address:
        yield address


async def test_server_listens_on_localhost_on_a_free_port(address):
    host, port = address
    assert host == "127.0.0.1"
    assert port > 0


async def test_one_connection_answers_in_order(address):
    client = await LineClient.connect(*address)
    try:
        assert [await client.ask(line) for line in ["one", "two", ""]] == ["one", "two", ""]
    finally:
        await client.close()


async def test_two_clients_are_served_at_once(address):
    first = await LineClient.connect(*address)
    second = await LineClient.connect(*address)
    try:
        answers = await asyncio.gather(first.ask("first"), second.ask("second"))
    finally:
        await first.close()
        await second.close()
    assert answers == ["first", "second"]


async def test_closed_server_refuses_connections():
    async with echo_server() as (host, port):
        pass
    with pytest.raises(OSError):
        await LineClient.connect(host, port)
