"""Tests of snippets.catalog behaviour that the pages do not show."""

from snippets.catalog import Catalog, Product, load_product_page

LAMP = Product(id=1, name="Desk lamp", price_cents=2_499)


async def test_unknown_product_has_no_stock():
    assert await Catalog([LAMP]).get_stock(2) == 0


async def test_reserve_everything_leaves_zero():
    catalog = Catalog([LAMP], stock={1: 2})

    assert await catalog.reserve(1, 2) == 0
    assert await catalog.get_stock(1) == 0


async def test_catalog_does_not_share_the_stock_mapping():
    stock = {1: 3}
    catalog = Catalog([LAMP], stock=stock)

    await catalog.reserve(1, 1)

    assert stock == {1: 3}


async def test_product_page_for_product_without_stock():
    page = await load_product_page(Catalog([LAMP]), 1)

    assert (page.product, page.stock, page.reviews) == (LAMP, 0, [])
