"""Application code that the mocking examples patch.

The module imports `EmailService` and `UserAPI` by name from `snippets.mocking.users`, so the
functions here look those names up in *this* module: a test replaces them with
``mocker.patch("snippets.mocking.myapp.EmailService")``, not ``"snippets.mocking.users.EmailService"``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from snippets.mocking.users import EmailService, UserAPI

_held: set[str] = set()


async def send_email(to: str, subject: str, body: str) -> None:
    """Send one message with a fresh `EmailService`."""
    service = EmailService()
    await service.send(to, subject, body)


async def get_user_data(user_id: int) -> dict[str, Any]:
    """Fetch one user's record from the user directory."""
    api = UserAPI()
    return await api.fetch(user_id)


@asynccontextmanager
async def acquire_lock(name: str) -> AsyncIterator[str]:
    """Hold the named job lock for the body of an ``async with``.

    Args:
        name: Which lock.

    Yields:
        The lock's name, as a token for the work done under it.

    Raises:
        RuntimeError: If the lock is already held.
    """
    if name in _held:
        raise RuntimeError(f"lock {name!r} is already held")
    _held.add(name)
    try:
        yield name
    finally:
        _held.discard(name)


async def do_work(lock: str) -> str:
    """Do the job that needs the lock and describe what was done."""
    await asyncio.sleep(0)
    return f"work done under {lock}"


async def process_with_lock() -> str:
    """Run `do_work` while holding the ``"reports"`` lock."""
    async with acquire_lock("reports") as lock:
        return await do_work(lock)
