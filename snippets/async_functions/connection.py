"""A fake database connection used as an async context manager.

The "Testing async functions" page tests that `async with` opens it, closes it on the way
out (also when the block raises), and that a transaction commits or rolls back.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from types import TracebackType


# --8<-- [start:database]
class Database:
    """A connection that records what happened to it instead of talking to a server.

    Attributes:
        connected: Whether the connection is open.
        log: The statements executed and the transaction outcomes, in order.
    """

    def __init__(self) -> None:
        self.connected = False
        self.log: list[str] = []

    async def connect(self) -> None:
        """Open the connection."""
        await asyncio.sleep(0)
        self.connected = True

    async def disconnect(self) -> None:
        """Close the connection."""
        await asyncio.sleep(0)
        self.connected = False

    async def execute(self, statement: str) -> None:
        """Run one statement.

        Args:
            statement: The SQL to run.

        Raises:
            RuntimeError: If the connection is not open.
        """
        if not self.connected:
            raise RuntimeError("not connected")
        await asyncio.sleep(0)
        self.log.append(statement)

    async def __aenter__(self) -> Database:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Returning None (falsy) lets an exception from the block propagate.
        await self.disconnect()


# --8<-- [end:database]


# --8<-- [start:transaction]
@contextlib.asynccontextmanager
async def transaction(db: Database) -> AsyncIterator[Database]:
    """Run the block in a transaction: commit if it succeeds, roll back if it raises.

    Args:
        db: An open connection.

    Yields:
        The same connection, inside the transaction.
    """
    await db.execute("BEGIN")
    try:
        yield db
    except BaseException:
        await db.execute("ROLLBACK")
        raise
    await db.execute("COMMIT")


# --8<-- [end:transaction]
