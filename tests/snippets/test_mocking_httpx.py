"""Tests of snippets.mocking_httpx.weather behaviour that the httpx mocking page does not show."""

import httpx
import pytest
import respx

from snippets.mocking_httpx.weather import BASE_URL, WeatherClient, make_http_client, tls_context


@pytest.fixture
async def weather():
    async with make_http_client(api_key="k") as http:
        yield WeatherClient(http)


async def test_server_error_raises_http_status_error(weather):
    with respx.mock(base_url=BASE_URL) as router:
        router.get("/v1/current").respond(500)

        with pytest.raises(httpx.HTTPStatusError, match="500"):
            await weather.temperature("Oslo")


async def test_warmest_picks_the_highest_temperature(weather):
    temperatures = {"Oslo": 3.0, "Rome": 19.5, "Bergen": 7.0}
    with respx.mock(base_url=BASE_URL) as router:
        router.get("/v1/current").mock(
            side_effect=lambda request: httpx.Response(
                200, json={"temperature": temperatures[request.url.params["city"]]}
            )
        )

        assert await weather.warmest(list(temperatures)) == "Rome"


def test_clients_share_one_tls_context():
    assert tls_context() is tls_context()


async def test_client_sends_the_key_to_the_base_url():
    async with make_http_client(api_key="k") as http:
        assert http.base_url == httpx.URL(BASE_URL)
        assert http.headers["Authorization"] == "Bearer k"
