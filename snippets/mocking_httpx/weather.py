"""An httpx client for a weather service: the code under test of the httpx mocking page.

`WeatherClient` takes its `httpx.AsyncClient` from the caller, so the application can
share one connection pool and a test can hand it any client. The service is imaginary:
every test mocks it.
"""

import asyncio
import functools
import ssl

import httpx

BASE_URL = "https://weather.example.com"
"""Where the service lives; `make_http_client()` uses it as the client's base URL."""


# --8<-- [start:client]
class CityNotFound(LookupError):
    """The service does not know the city."""


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The TLS settings all clients share: loading the CA bundle takes about 20 ms."""
    return httpx.create_ssl_context()


def make_http_client(api_key: str) -> httpx.AsyncClient:
    """Create the `httpx.AsyncClient` the application shares: base URL, key and timeout.

    Args:
        api_key: Sent as a bearer token with every request.
    """
    return httpx.AsyncClient(
        base_url=BASE_URL,
        headers={"Authorization": f"Bearer {api_key}"},
        timeout=5.0,
        verify=tls_context(),
    )


class WeatherClient:
    """Current temperatures from the weather service.

    Args:
        http: The client to send requests with, usually from `make_http_client()`.
    """

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def temperature(self, city: str) -> float:
        """Return the current temperature in degrees Celsius.

        Raises:
            CityNotFound: If the service answers 404.
            httpx.HTTPStatusError: For any other error status.
        """
        response = await self.http.get("/v1/current", params={"city": city})
        if response.status_code == 404:
            raise CityNotFound(city)
        response.raise_for_status()
        return response.json()["temperature"]

    async def warmest(self, cities: list[str]) -> str:
        """Return the warmest of `cities`, asking for all of them concurrently."""
        temperatures = await asyncio.gather(*(self.temperature(city) for city in cities))
        return max(zip(temperatures, cities, strict=True))[1]


# --8<-- [end:client]
