"""Tests of snippets.web_lifecycle.streaming behaviour that the web-lifecycle page does not show."""

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from snippets.web_lifecycle.streaming import Mailer, create_app, sse


async def test_a_closed_mailer_refuses_to_send():
    mailer = Mailer()

    with pytest.raises(RuntimeError, match="mailer is closed"):
        await mailer.send("ann@example.com")
    assert mailer.sent == []


def test_sse_ends_each_event_with_a_blank_line():
    assert sse("x") == "data: x\n\n"


def test_each_app_has_its_own_mailer():
    assert create_app().state.mailer is not create_app().state.mailer


async def test_count_defaults_to_three_events():
    app = create_app()
    async with LifespanManager(app) as manager:
        transport = ASGITransport(app=manager.app)
        async with AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/count")

    assert response.text == "data: 1\n\ndata: 2\n\ndata: 3\n\n"
