"""Tests of snippets.fanout behaviour that the pages do not show."""

from unittest.mock import AsyncMock

import pytest

from snippets.fanout import fetch_titles, fetch_titles_one_by_one


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
