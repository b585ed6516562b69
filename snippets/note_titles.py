"""Fetching the titles of several notes from an API client.

The "Best practices" page and the cheat sheet test `fetch_title` with a mocked client.
`fetch_titles` must send its requests concurrently, and a test has to prove that
(tests/snippets/test_fanout.py counts the requests in flight), because
`fetch_titles_one_by_one` returns the same list while sending one request at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Protocol


class NoteClient(Protocol):
    """What the functions here need from an API client."""

    async def fetch(self, note_id: int) -> dict[str, str]:
        """Fetch one note as a dict with at least a ``"title"`` key."""
        ...


# --8<-- [start:fetch]
async def fetch_title(client: NoteClient, note_id: int) -> str:
    """Fetch one note and return its title.

    Args:
        client: The API client.
        note_id: The note to fetch.

    Returns:
        The note's title.
    """
    note = await client.fetch(note_id)
    return note["title"]


async def fetch_titles(client: NoteClient, note_ids: Iterable[int]) -> list[str]:
    """Fetch several notes at the same time.

    Args:
        client: The API client.
        note_ids: The notes to fetch.

    Returns:
        The titles, in the order of `note_ids`.
    """
    return list(await asyncio.gather(*(fetch_title(client, note_id) for note_id in note_ids)))


async def fetch_titles_one_by_one(client: NoteClient, note_ids: Iterable[int]) -> list[str]:
    """Fetch several notes, waiting for each before sending the next request.

    Same result as `fetch_titles`, and slower: the version a weak test cannot tell apart.

    Args:
        client: The API client.
        note_ids: The notes to fetch.

    Returns:
        The titles, in the order of `note_ids`.
    """
    return [await fetch_title(client, note_id) for note_id in note_ids]


# --8<-- [end:fetch]
