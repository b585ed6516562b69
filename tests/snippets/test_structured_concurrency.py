"""Edge cases of snippets.structured_concurrency that the page does not show."""

import asyncio

import pytest

from snippets.structured_concurrency.tasks_group import fetch_all, fetch_all_gather, fetch_all_within


async def echo(key: str) -> bytes:
    await asyncio.sleep(0)
    return key.encode()


@pytest.mark.parametrize("fetch_all_of", [fetch_all, fetch_all_gather])
async def test_no_keys_fetch_nothing(fetch_all_of):
    assert await fetch_all_of(echo, []) == {}


@pytest.mark.parametrize("fetch_all_of", [fetch_all, fetch_all_gather])
async def test_results_keep_the_order_of_the_keys(fetch_all_of):
    assert list(await fetch_all_of(echo, ["b", "a", "c"])) == ["b", "a", "c"]


async def test_every_failure_is_in_the_group():
    async def fail(key: str) -> bytes:
        await asyncio.sleep(0)
        raise KeyError(key)

    with pytest.raises(ExceptionGroup) as caught:
        await fetch_all(fail, ["a", "b"])
    assert sorted(str(error) for error in caught.value.exceptions) == ["'a'", "'b'"]


async def test_a_batch_within_its_deadline_returns_everything():
    assert await fetch_all_within(echo, ["a"], timeout=1) == {"a": b"a"}
