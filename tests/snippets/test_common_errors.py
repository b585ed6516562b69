"""Behaviour of snippets.common_errors that docs/common-errors.md does not show."""

import urllib.request
from unittest.mock import AsyncMock

import httpx2
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.ext.asyncio import create_async_engine

from snippets.common_errors.accounts import create_app as create_accounts_app
from snippets.common_errors.accounts import metadata
from snippets.common_errors.audit import save_in_background, save_in_group, write_audit
from snippets.common_errors.greeting import lazy_session_app
from snippets.common_errors.migrate import alembic_config, upgrade
from snippets.common_errors.poll import wait_until_done
from snippets.common_errors.quotes import app as quotes_app
from snippets.common_errors.upstream import hello_server


async def test_a_valid_entry_is_written_both_ways():
    await write_audit("login")
    await save_in_group("login")
    task = save_in_background("login")
    assert await task is None


def test_hello_server_answers_over_http():
    with hello_server() as url, urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == b"hello"


def test_lazy_session_app_works_within_one_test_client():
    with hello_server() as upstream:
        app = lazy_session_app(upstream)
        with TestClient(app) as client:
            assert client.get("/greeting").json() == {"greeting": "hello"}
            assert client.get("/greeting").json() == {"greeting": "hello"}
            session = app.state.session
            client.portal.call(session.close)
    assert session.closed


@pytest.fixture
async def engine(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"
    engine = create_async_engine(url)
    yield engine, url
    await engine.dispose()


async def test_upgrade_is_idempotent_and_records_the_revision(engine):
    engine, url = engine
    for _ in range(2):
        async with engine.begin() as connection:
            await connection.run_sync(upgrade, alembic_config(url))
    async with engine.connect() as connection:
        revision = await connection.scalar(sa.text("select version_num from alembic_version"))
    assert revision == "0001"


def test_fastapi_still_runs_on_startup_handlers():
    started = []
    app = FastAPI(on_startup=[lambda: started.append(True)])
    with TestClient(app):
        assert started == [True]


def test_a_file_database_needs_no_static_pool(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    metadata.create_all(engine)
    try:
        with TestClient(create_accounts_app(engine)) as client:
            assert client.get("/accounts/count").json() == 0
    finally:
        engine.dispose()


def test_pytest_httpx_leaves_test_client_requests_alone(httpx_mock):
    with TestClient(quotes_app) as client:
        assert client.get("/docs").status_code == 200
    assert httpx_mock.get_requests() == []


def test_httpx2_sync_client_fails_on_asgi_transport_too():
    client = httpx2.Client(transport=httpx2.ASGITransport(app=quotes_app), base_url="http://test")
    with pytest.raises(AttributeError, match="'ASGITransport' object has no attribute 'handle_request'"):
        client.get("/docs")


async def test_wait_until_done_polls_once_when_the_job_is_already_done():
    client = AsyncMock()
    client.status.return_value = "done"
    assert await wait_until_done(client, "job-1") == 1
    client.status.assert_awaited_once_with("job-1")
