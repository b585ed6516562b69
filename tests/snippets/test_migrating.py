"""Tests of snippets.migrating.lifespan_app that the migrating page does not show."""

from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from snippets.migrating.lifespan_app import create_app


async def test_count_follows_the_store(tmp_path):
    app = create_app(str(tmp_path / "users.db"))
    async with LifespanManager(app) as manager:
        await app.state.store.add("Alice", "alice@example.com")
        transport = ASGITransport(app=manager.app)
        async with AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/users/count")
    assert response.status_code == 200
    assert response.json() == {"count": 1}


async def test_each_app_has_its_own_store():
    first, second = create_app(), create_app()
    async with LifespanManager(first), LifespanManager(second):
        assert first.state.store is not second.state.store
