"""An in-memory note store reached through connections.

The "Best practices" and "Common pitfalls" pages use it as the database of their examples.
`NoteStore` plays the server: it keeps the notes and counts the connections that are open,
so a fixture can check after each test that nothing was left open.
"""

from __future__ import annotations

import asyncio


# --8<-- [start:store]
class NoteStore:
    """Notes kept in memory, shared by every connection to the store.

    Attributes:
        notes: The stored notes, oldest first.
        open_connections: How many connections are open right now.
    """

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.open_connections = 0

    async def connect(self) -> Connection:
        """Open a connection to this store.

        Returns:
            A new open connection; close it with `Connection.close`.
        """
        await asyncio.sleep(0)
        self.open_connections += 1
        return Connection(self)


class Connection:
    """One open connection to a `NoteStore`.

    Attributes:
        closed: Whether `close` has been called.
    """

    def __init__(self, store: NoteStore) -> None:
        self._store = store
        self.closed = False

    async def add(self, text: str) -> int:
        """Store a note.

        Args:
            text: The note.

        Returns:
            The new note's id, counting from 1.

        Raises:
            RuntimeError: If the connection is closed.
        """
        self._check_open()
        await asyncio.sleep(0)
        self._store.notes.append(text)
        return len(self._store.notes)

    async def count(self) -> int:
        """Count the stored notes.

        Raises:
            RuntimeError: If the connection is closed.
        """
        self._check_open()
        await asyncio.sleep(0)
        return len(self._store.notes)

    async def close(self) -> None:
        """Close the connection; closing it again does nothing."""
        await asyncio.sleep(0)
        if not self.closed:
            self.closed = True
            self._store.open_connections -= 1

    def _check_open(self) -> None:
        if self.closed:
            raise RuntimeError("connection is closed")


# --8<-- [end:store]
