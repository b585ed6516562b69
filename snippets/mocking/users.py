"""A users service and the two outside services it talks to.

`UserService` registers users in a `snippets.user_store.UserDB` and welcomes them by e-mail.
`EmailService` (SMTP) and `UserAPI` (an HTTP user directory) need servers that tests do
not have, so the mocking examples replace them.
"""

from __future__ import annotations

import asyncio
import os
import smtplib
from email.message import EmailMessage
from typing import Any

import httpx

from snippets.user_store import User, UserDB


# --8<-- [start:email]
class EmailService:
    """Send e-mail through an SMTP server.

    Args:
        host: The SMTP server; defaults to the ``SMTP_HOST`` environment variable.
        port: The SMTP port.
    """

    def __init__(self, host: str | None = None, port: int = 25) -> None:
        self.host = host or os.environ.get("SMTP_HOST")
        self.port = port

    def is_valid_address(self, address: str) -> bool:
        """Return True if `address` looks like an e-mail address (a cheap, local check)."""
        local, at, domain = address.partition("@")
        return bool(local and at and "." in domain)

    async def send(self, to: str, subject: str, body: str) -> None:
        """Send one plain-text message.

        Raises:
            RuntimeError: If no SMTP server is configured.
        """
        if self.host is None:
            raise RuntimeError("no SMTP server configured: set SMTP_HOST")
        message = EmailMessage()
        message["From"] = "noreply@example.com"
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        await asyncio.to_thread(self._deliver, message)

    def _deliver(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            smtp.send_message(message)


# --8<-- [end:email]


# --8<-- [start:api]
class UserAPI:
    """Read users from the HTTP user directory.

    Args:
        base_url: The directory's address; defaults to the ``USER_API_URL`` environment
            variable.
        transport: The httpx transport to send requests through; httpx's default when
            None.
    """

    def __init__(self, base_url: str | None = None, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url or os.environ.get("USER_API_URL")
        self.transport = transport

    async def fetch(self, user_id: int) -> dict[str, Any]:
        """Return the directory's JSON record for `user_id`.

        Raises:
            RuntimeError: If no directory address is configured.
            httpx.HTTPStatusError: If the directory answers with an error status.
        """
        if self.base_url is None:
            raise RuntimeError("no user directory configured: set USER_API_URL")
        async with httpx.AsyncClient(base_url=self.base_url, transport=self.transport, timeout=10) as client:
            response = await client.get(f"/users/{user_id}")
            response.raise_for_status()
            return response.json()


# --8<-- [end:api]


# --8<-- [start:service]
class UserService:
    """Register users: validate, store, send a welcome message.

    Args:
        db: Where users are stored.
        mailer: What sends the welcome message.
    """

    def __init__(self, db: UserDB, mailer: EmailService) -> None:
        self.db = db
        self.mailer = mailer

    async def register(self, name: str, email: str) -> User:
        """Store a new user and welcome them.

        Returns:
            The stored user.

        Raises:
            ValueError: If `email` is not a valid address.
        """
        if not self.mailer.is_valid_address(email):
            raise ValueError(f"invalid e-mail address: {email!r}")
        user = await self.db.add(name, email)
        await self.mailer.send(email, "Welcome", f"Hello {name}, welcome aboard.")
        return user


# --8<-- [end:service]
