"""Tests of snippets.mocking's real functions and services (the mocking page replaces them), without real servers."""

import httpx
import pytest

from snippets.mocking.myapp import acquire_lock, do_work, process_with_lock
from snippets.mocking.users import EmailService, UserAPI


async def test_process_with_lock_runs_the_real_work():
    assert await process_with_lock() == "work done under reports"


async def test_lock_cannot_be_taken_twice():
    async with acquire_lock("jobs") as token:
        assert token == "jobs"
        with pytest.raises(RuntimeError, match="already held"):
            async with acquire_lock("jobs"):
                pass


async def test_lock_is_released_after_an_error():
    with pytest.raises(ValueError):
        async with acquire_lock("jobs"):
            raise ValueError("boom")

    async with acquire_lock("jobs") as token:
        assert token == "jobs"


async def test_do_work():
    assert await do_work("x") == "work done under x"


@pytest.fixture(autouse=True)
def no_settings(monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.delenv("USER_API_URL", raising=False)


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("alice@example.com", True),
        ("alice@localhost", False),
        ("@example.com", False),
        ("alice.example.com", False),
        ("", False),
    ],
)
def test_is_valid_address(address, valid):
    assert EmailService().is_valid_address(address) is valid


async def test_send_needs_a_server():
    with pytest.raises(RuntimeError, match="SMTP_HOST"):
        await EmailService().send("alice@example.com", "Hi", "Hello")


async def test_send_hands_the_message_to_smtp(mocker, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "mail.test")
    smtp = mocker.patch("snippets.mocking.users.smtplib.SMTP")

    await EmailService(port=2525).send("alice@example.com", "Hi", "Hello")

    smtp.assert_called_once_with("mail.test", 2525, timeout=10)
    message = smtp.return_value.__enter__.return_value.send_message.call_args.args[0]
    assert message["To"] == "alice@example.com"
    assert message["Subject"] == "Hi"
    assert message.get_content().strip() == "Hello"


async def test_fetch_needs_a_url():
    with pytest.raises(RuntimeError, match="USER_API_URL"):
        await UserAPI().fetch(1)


def directory(status=200, payload=None):
    """A transport that answers like the user directory and records the requested paths."""
    paths = []

    def handle(request):
        paths.append(request.url.path)
        return httpx.Response(status, json=payload)

    return httpx.MockTransport(handle), paths


async def test_fetch_returns_the_json():
    transport, paths = directory(payload={"id": 7, "name": "Alice"})

    api = UserAPI("https://users.test", transport=transport)

    assert await api.fetch(7) == {"id": 7, "name": "Alice"}
    assert paths == ["/users/7"]


async def test_fetch_raises_on_error_status():
    transport, _ = directory(status=404)

    with pytest.raises(httpx.HTTPStatusError):
        await UserAPI("https://users.test", transport=transport).fetch(7)


def test_fetch_reads_the_url_from_the_environment(monkeypatch):
    monkeypatch.setenv("USER_API_URL", "https://users.test")
    assert UserAPI().base_url == "https://users.test"
