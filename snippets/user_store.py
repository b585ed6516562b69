"""A small user store on SQLite, through aiosqlite.

`UserDB` keeps one aiosqlite connection and serialises its transactions with an
`asyncio.Lock`, so two tasks never interleave statements in one transaction. That lock
belongs to the first event loop that has to wait on it, which is what makes the store a
useful example of a loop-bound resource.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiosqlite

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE
)
"""


@dataclass(frozen=True)
class User:
    """A stored user.

    Attributes:
        id: The row id SQLite assigned.
        name: The display name.
        email: The unique e-mail address.
    """

    id: int
    name: str
    email: str


class UserDB:
    """Users in one SQLite database.

    Create it with `UserDB.connect`, not with the constructor, and close it with `close`
    (or use it as an async context manager).

    Attributes:
        closed: True once `close` has run.
    """

    def __init__(self, conn: aiosqlite.Connection) -> None:
        """Wrap an open connection whose schema already exists.

        Args:
            conn: An open aiosqlite connection.
        """
        self._conn = conn
        self._lock = asyncio.Lock()
        self.closed = False

    @classmethod
    async def connect(cls, path: str = ":memory:") -> UserDB:
        """Open the database at `path` and create the schema if needed.

        Args:
            path: A file name, or ``":memory:"`` for a private in-memory database.

        Returns:
            An open store.
        """
        conn = await aiosqlite.connect(path)
        await conn.execute(SCHEMA)
        await conn.commit()
        return cls(conn)

    async def __aenter__(self) -> UserDB:
        """Return the store itself."""
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Close the store."""
        await self.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run the body as one transaction: commit on success, roll back on error.

        Only one transaction runs at a time; other tasks wait for the lock.

        Yields:
            The connection, for statements that are part of the transaction.
        """
        async with self._lock:
            try:
                yield self._conn
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()

    async def add(self, name: str, email: str) -> User:
        """Store a new user.

        Args:
            name: The display name.
            email: The e-mail address; must not be taken yet.

        Returns:
            The stored user with its new id.

        Raises:
            sqlite3.IntegrityError: If the e-mail address is already taken.
        """
        async with self.transaction() as conn:
            cursor = await conn.execute("INSERT INTO users (name, email) VALUES (?, ?)", (name, email))
            user_id = cursor.lastrowid
            await cursor.close()
        assert user_id is not None
        return User(user_id, name, email)

    async def get(self, user_id: int) -> User | None:
        """Return the user with this id, or None."""
        rows = await self._conn.execute_fetchall("SELECT id, name, email FROM users WHERE id = ?", (user_id,))
        return User(*rows[0]) if rows else None

    async def delete(self, user_id: int) -> bool:
        """Delete the user with this id.

        Returns:
            True if a user was deleted, False if there was none.
        """
        async with self.transaction() as conn:
            cursor = await conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
            deleted = cursor.rowcount
            await cursor.close()
        return deleted == 1

    async def count(self) -> int:
        """Return the number of stored users."""
        rows = await self._conn.execute_fetchall("SELECT count(*) FROM users")
        return rows[0][0]

    async def close(self) -> None:
        """Close the connection. Calling it again does nothing."""
        if not self.closed:
            await self._conn.close()
            self.closed = True
