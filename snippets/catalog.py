"""A small product catalog that stands in for a remote service.

The "Basic async tests" and "Testing async functions" pages test this module. Every call
goes through [`Catalog.round_trip`][snippets.catalog.Catalog.round_trip], which yields to the
event loop the way a network call would, without waiting on a clock. Tests override that one
method to observe calls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


# --8<-- [start:models]
@dataclass(frozen=True)
class Product:
    """A product as the catalog returns it.

    Attributes:
        id: The product's positive identifier.
        name: The display name.
        price_cents: The price in cents, to keep money exact.
    """

    id: int
    name: str
    price_cents: int


class ProductNotFound(LookupError):
    """Raised when the catalog has no product with the requested id.

    Attributes:
        product_id: The id that was looked up.
    """

    def __init__(self, product_id: int) -> None:
        super().__init__(f"no product with id {product_id}")
        self.product_id = product_id


class OutOfStock(Exception):
    """Raised when a reservation asks for more units than are in stock."""


# --8<-- [end:models]


# --8<-- [start:catalog]
class Catalog:
    """An in-memory catalog with the interface of a remote one.

    Args:
        products: The products the catalog knows.
        stock: Units in stock per product id; products not listed have none.
    """

    def __init__(self, products: Iterable[Product] = (), stock: Mapping[int, int] | None = None) -> None:
        self._products = {product.id: product for product in products}
        self._stock = dict(stock or {})

    async def round_trip(self) -> None:
        """Simulate one network round trip by letting other tasks run.

        Tests override this to count calls in flight or to add a delay.
        """
        await asyncio.sleep(0)

    async def get_product(self, product_id: int) -> Product:
        """Fetch one product.

        Args:
            product_id: The id to look up; must be positive.

        Returns:
            The product.

        Raises:
            ValueError: If `product_id` is not positive.
            ProductNotFound: If no product has that id.
        """
        if product_id <= 0:
            raise ValueError(f"product_id must be positive, got {product_id}")
        await self.round_trip()
        try:
            return self._products[product_id]
        except KeyError:
            raise ProductNotFound(product_id) from None

    async def get_stock(self, product_id: int) -> int:
        """Return how many units of a product are in stock.

        Args:
            product_id: The product to count.

        Returns:
            The number of units, 0 for unknown products.
        """
        await self.round_trip()
        return self._stock.get(product_id, 0)

    async def get_reviews(self, product_id: int) -> list[str]:
        """Return the product's reviews (this stand-in has none to offer).

        Args:
            product_id: The product whose reviews to fetch.

        Returns:
            The reviews, newest first.
        """
        await self.round_trip()
        return []

    async def reserve(self, product_id: int, quantity: int) -> int:
        """Take units of a product out of stock.

        Args:
            product_id: The product to reserve.
            quantity: How many units to take.

        Returns:
            The units left in stock afterwards.

        Raises:
            OutOfStock: If fewer than `quantity` units are in stock; nothing is reserved.
        """
        available = await self.get_stock(product_id)
        if quantity > available:
            raise OutOfStock(f"{quantity} requested, {available} in stock")
        self._stock[product_id] = available - quantity
        return self._stock[product_id]


# --8<-- [end:catalog]


# --8<-- [start:page]
@dataclass(frozen=True)
class ProductPage:
    """Everything a product page shows, fetched in one go.

    Attributes:
        product: The product itself.
        stock: Units in stock.
        reviews: The product's reviews.
    """

    product: Product
    stock: int
    reviews: list[str]


async def load_product_page(catalog: Catalog, product_id: int) -> ProductPage:
    """Fetch a product, its stock and its reviews concurrently.

    Args:
        catalog: Where to fetch from.
        product_id: The product to show.

    Returns:
        The assembled page.
    """
    product, stock, reviews = await asyncio.gather(
        catalog.get_product(product_id),
        catalog.get_stock(product_id),
        catalog.get_reviews(product_id),
    )
    return ProductPage(product=product, stock=stock, reviews=reviews)


# --8<-- [end:page]
