"""Tests of snippets.advanced (streams, resources, debouncer) that the Advanced patterns page does not show."""

import asyncio
from contextlib import aclosing

import pytest

from snippets.advanced.debouncer import Debouncer
from snippets.advanced.resources import echo_client, echo_server
from snippets.advanced.streams import async_range, read_messages


class FakeConnection:
    def __init__(self, *messages, fail_after=None):
        self.messages = list(messages)
        self.fail_after = fail_after
        self.received = 0
        self.closed = False

    async def receive(self):
        await asyncio.sleep(0)
        if self.received == self.fail_after:
            raise ConnectionResetError("peer went away")
        self.received += 1
        return self.messages.pop(0) if self.messages else None

    async def close(self):
        self.closed = True


def connector(connection):
    async def connect():
        return connection

    return connect


async def test_async_range_of_zero_yields_nothing():
    assert [value async for value in async_range(0)] == []


async def test_read_messages_closes_when_receive_fails():
    connection = FakeConnection("a", "b", fail_after=1)
    received = []
    with pytest.raises(ConnectionResetError):
        async for message in read_messages(connector(connection)):
            received.append(message)
    assert received == ["a"]
    assert connection.closed


async def test_read_messages_closes_when_the_consumer_fails():
    connection = FakeConnection("a", "b")
    with pytest.raises(ValueError):
        async with aclosing(read_messages(connector(connection))) as messages:
            async for _ in messages:
                raise ValueError("consumer bug")
    assert connection.closed


async def test_a_broken_off_generator_is_closed_by_the_loop_soon_after():
    connection = FakeConnection("a", "b")
    async for _ in read_messages(connector(connection)):
        break
    assert not connection.closed
    for _ in range(3):  # the finalizer schedules aclose() as a task; let it run
        await asyncio.sleep(0)
    assert connection.closed


async def test_read_messages_does_not_connect_until_iterated():
    connected = []

    async def connect():
        connected.append(True)
        return FakeConnection()

    stream = read_messages(connect)
    assert connected == []
    assert [message async for message in stream] == []
    assert connected == [True]


async def test_echo_server_serves_two_clients_at_once():
    closed = []
    async with echo_server(closed.append) as (host, port):
        async with echo_client(host, port, closed.append) as first:
            async with echo_client(host, port, closed.append) as second:
                assert await first.echo("one") == "one"
                assert await second.echo("two") == "two"
    assert closed == ["client", "client", "server"]


async def test_echo_server_listens_on_loopback():
    async with echo_server(lambda name: None) as (host, port):
        assert host == "127.0.0.1"
        assert port > 0


async def test_debouncer_calls_separately_after_each_quiet_period():
    calls = []
    fired = asyncio.Event()

    def record(value):
        calls.append(value)
        fired.set()

    debouncer = Debouncer(0, record)
    for value in ["a", "b"]:
        fired.clear()
        debouncer.trigger(value)
        async with asyncio.timeout(1):
            await fired.wait()
    assert calls == ["a", "b"]


def test_debouncer_cancel_without_trigger_is_harmless():
    Debouncer(0, print).cancel()


def test_runner_debug_argument_overrides_the_loop_factory():
    # The warning in docs/advanced.md: pytest-asyncio creates each loop with
    # asyncio.Runner(debug=<its asyncio_debug option>, loop_factory=...), and Runner
    # applies that flag to the new loop, undoing set_debug(True) made by the factory.
    def debug_loop():
        loop = asyncio.new_event_loop()
        loop.set_debug(True)
        return loop

    with asyncio.Runner(debug=False, loop_factory=debug_loop) as runner:
        assert not runner.get_loop().get_debug()
    with asyncio.Runner(debug=True, loop_factory=asyncio.new_event_loop) as runner:
        assert runner.get_loop().get_debug()
