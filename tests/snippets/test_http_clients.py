"""Edge cases of snippets.http_clients (the API client and the rate limiter) that the HTTP clients page does not show."""

import asyncio
import contextlib

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from snippets.http_clients.http_client import ApiClient
from snippets.http_clients.rate_limiter import RateLimiter


class Recorder:
    def __init__(self):
        self.delays = []

    async def __call__(self, delay):
        self.delays.append(delay)


class StubSession:
    """Raises each exception in turn from `get()`, then answers with `payload`."""

    def __init__(self, errors, payload):
        self.errors = list(errors)
        self.payload = payload
        self.calls = 0

    @contextlib.asynccontextmanager
    async def get(self, url):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        yield StubResponse(self.payload)


class StubResponse:
    status = 200

    def __init__(self, payload):
        self.payload = payload

    def raise_for_status(self):
        pass

    async def json(self):
        return self.payload


def test_delays_double_from_the_base_delay():
    client = ApiClient(None, "http://unused", attempts=5, base_delay=0.5)
    assert client.delays() == [0.5, 1.0, 2.0, 4.0]


def test_one_attempt_means_no_delays():
    assert ApiClient(None, "http://unused", attempts=1).delays() == []


async def test_timeouts_are_retried():
    sleep = Recorder()
    session = StubSession([TimeoutError(), TimeoutError()], {"ok": True})
    client = ApiClient(session, "http://api.test", sleep=sleep)

    assert await client.get_json("/") == {"ok": True}
    assert session.calls == 3
    assert sleep.delays == pytest.approx([0.1, 0.2])


async def test_the_last_timeout_propagates():
    sleep = Recorder()
    session = StubSession([TimeoutError()] * 2, {"ok": True})
    client = ApiClient(session, "http://api.test", attempts=2, sleep=sleep)

    with pytest.raises(TimeoutError):
        await client.get_json("/")
    assert session.calls == 2
    assert sleep.delays == pytest.approx([0.1])


async def test_other_exceptions_are_not_retried():
    sleep = Recorder()
    session = StubSession([ValueError("bug")], {"ok": True})
    client = ApiClient(session, "http://api.test", sleep=sleep)

    with pytest.raises(ValueError, match="bug"):
        await client.get_json("/")
    assert session.calls == 1
    assert sleep.delays == []


async def test_a_dropped_connection_is_retried():
    """aiohttp 3.14 retries a GET once by itself when the server drops the connection,
    so two drops are needed before the client's own retry kicks in."""
    requests = 0

    async def drop_first_two(request):
        nonlocal requests
        requests += 1
        if requests <= 2:
            request.transport.close()
        return web.json_response({"id": 7})

    app = web.Application()
    app.router.add_get("/users/7", drop_first_two)
    sleep = Recorder()
    async with TestServer(app) as server, aiohttp.ClientSession() as session:
        client = ApiClient(session, str(server.make_url("/")), sleep=sleep)
        assert await client.get_user(7) == {"id": 7}
    assert requests == 3
    assert sleep.delays == pytest.approx([0.1])


async def test_base_url_may_end_with_a_slash():
    seen = []

    async def handler(request):
        seen.append(request.path)
        return web.json_response([])

    app = web.Application()
    app.router.add_get("/v1/items", handler)
    async with TestServer(app) as server, aiohttp.ClientSession() as session:
        client = ApiClient(session, str(server.make_url("/v1/")))
        assert await client.get_json("/items") == []
    assert seen == ["/v1/items"]


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def time(self):
        return self.now

    async def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


async def test_callers_are_served_in_arrival_order():
    clock = FakeClock()
    limiter = RateLimiter(limit=1, period=1.0, clock=clock.time, sleep=clock.sleep)
    order = []

    async def call(name):
        await limiter.acquire()
        order.append(name)

    async with asyncio.TaskGroup() as tg:
        for name in "abcde":
            tg.create_task(call(name))

    assert order == list("abcde")
    assert clock.now == 4.0


async def test_spaced_out_calls_never_sleep():
    clock = FakeClock()
    limiter = RateLimiter(limit=2, period=1.0, clock=clock.time, sleep=clock.sleep)

    for _ in range(5):
        await limiter.acquire()
        clock.now += 0.5

    assert clock.sleeps == []


async def test_waits_only_until_the_oldest_call_expires():
    clock = FakeClock()
    limiter = RateLimiter(limit=2, period=1.0, clock=clock.time, sleep=clock.sleep)

    await limiter.acquire()  # at 0.0
    clock.now = 0.75
    await limiter.acquire()  # at 0.75
    granted = await limiter.acquire()  # waits for the call at 0.0 to expire

    assert clock.sleeps == pytest.approx([0.25])
    assert granted == pytest.approx(1.0)


async def test_a_short_sleep_is_checked_again():
    """If a sleep returns early, the limiter sleeps again instead of letting the caller in."""
    now = 0.0
    sleeps = []

    async def first_sleep_wakes_halfway(seconds):
        nonlocal now
        sleeps.append(seconds)
        now += seconds / 2 if len(sleeps) == 1 else seconds
        await asyncio.sleep(0)

    limiter = RateLimiter(limit=1, period=1.0, clock=lambda: now, sleep=first_sleep_wakes_halfway)
    await limiter.acquire()
    granted = await limiter.acquire()

    assert sleeps == [1.0, 0.5]
    assert granted == 1.0


async def test_default_clock_is_the_running_loop():
    limiter = RateLimiter(limit=1, period=1.0)
    before = asyncio.get_running_loop().time()
    granted = await limiter.acquire()
    assert before <= granted <= asyncio.get_running_loop().time()
