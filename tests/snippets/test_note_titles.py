"""Tests of snippets.note_titles behaviour that the pages do not show."""

import asyncio
from unittest.mock import AsyncMock

import pytest

from snippets.note_titles import fetch_titles, fetch_titles_one_by_one


@pytest.mark.parametrize("fetch", [fetch_titles, fetch_titles_one_by_one])
async def test_titles_keep_the_order_of_the_ids(fetch):
    client = AsyncMock()
    client.fetch.side_effect = lambda note_id: {"title": f"#{note_id}"}

    assert await fetch(client, [3, 1, 2]) == ["#3", "#1", "#2"]


@pytest.mark.parametrize("fetch", [fetch_titles, fetch_titles_one_by_one])
async def test_no_ids_no_requests(fetch):
    client = AsyncMock()

    assert await fetch(client, []) == []
    client.fetch.assert_not_awaited()


class CountingClient:
    """Records how many fetches were in flight at once."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.peak = 0

    async def fetch(self, note_id: int) -> dict[str, str]:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        await asyncio.sleep(0)  # on the wire: let the other fetches start
        self.in_flight -= 1
        return {"title": f"#{note_id}"}


@pytest.mark.parametrize(("fetch", "peak"), [(fetch_titles, 3), (fetch_titles_one_by_one, 1)])
async def test_fetch_titles_overlaps_its_requests_and_one_by_one_does_not(fetch, peak):
    client = CountingClient()

    await fetch(client, [1, 2, 3])

    assert client.peak == peak
