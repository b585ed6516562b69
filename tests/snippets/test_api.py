"""Tests of `snippets.api` behaviour that the FastAPI and WebSocket pages do not show."""

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient
from httpx_ws import WebSocketDisconnect, aconnect_ws
from httpx_ws.transport import ASGIWebSocketTransport

from snippets.api.app import app
from snippets.api.auth import create_token, verify_token
from snippets.api.users import UserCreate, UserRepository, get_repository

ALICE = UserCreate(username="alice", email="alice@example.com", password="wonderland")


@pytest.fixture
def repository():
    repository = UserRepository()
    app.dependency_overrides[get_repository] = lambda: repository
    yield repository
    del app.dependency_overrides[get_repository]


def test_repository_numbers_users_and_refuses_duplicates():
    repository = UserRepository()
    first = repository.add(ALICE)
    second = repository.add(UserCreate(username="bob", email="b@example.com", password="12345678"))
    assert (first.id, second.id) == (1, 2)
    with pytest.raises(ValueError, match="taken"):
        repository.add(ALICE)


def test_repository_authenticates_only_the_right_password():
    repository = UserRepository()
    repository.add(ALICE)
    assert repository.authenticate("alice", "wonderland").username == "alice"
    assert repository.authenticate("alice", "Wonderland") is None
    assert repository.authenticate("nobody", "wonderland") is None


def test_repository_does_not_keep_the_password():
    repository = UserRepository()
    repository.add(ALICE)
    _, salt, digest = repository._users["alice"]
    assert b"wonderland" not in digest + salt


def test_token_round_trip():
    assert verify_token(create_token("alice")) == "alice"


@pytest.mark.parametrize("token", ["", "no-dot", "YWxpY2U=.0000", "ä.ö"])
def test_forged_tokens_are_rejected(token):
    assert verify_token(token) is None


def test_a_signature_does_not_transfer_to_another_name():
    _, signature = create_token("alice").split(".")
    assert verify_token(f"Ym9i.{signature}") is None  # "Ym9i" is "bob"


async def test_token_for_a_deleted_user_is_rejected(repository):
    token = create_token("ghost")  # genuine signature, but no such user
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        response = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


async def test_health_is_503_again_after_shutdown():
    async with LifespanManager(app) as manager:
        transport = ASGITransport(app=manager.app)
        async with AsyncClient(transport=transport, base_url="http://test") as client:
            during = (await client.get("/health")).status_code
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        after = (await client.get("/health")).status_code
    assert (during, after) == (200, 503)


async def test_ws_auth_closes_normally_after_the_greeting():
    token = create_token("alice")
    transport = ASGIWebSocketTransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        async with aconnect_ws(f"/ws/auth?token={token}", client) as ws:
            greeting = await ws.receive_text()
            with pytest.raises(WebSocketDisconnect) as excinfo:
                await ws.receive_text()
    assert greeting == "Connected as alice"
    assert excinfo.value.code == 1000
