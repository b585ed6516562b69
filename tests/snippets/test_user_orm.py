"""Edge cases of `snippets.user_orm` that the SQLAlchemy page does not show."""

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from snippets.user_orm import Base, User, UserRepository, UserService


@pytest.fixture
async def session():
    engine = create_async_engine("sqlite+aiosqlite://")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        yield session
    await engine.dispose()


async def test_an_empty_table(session):
    users = UserRepository(session)
    assert await users.count() == 0
    assert await users.get_by_email("nobody@example.com") is None
    assert await users.list_by_age(30) == []


async def test_age_is_optional(session):
    user = await UserService(session).register("Dana", "dana@example.com")
    assert user.age is None
    assert await UserRepository(session).list_by_age(30) == []


def test_repr_names_id_and_email():
    assert repr(User(id=3, name="Eve", email="eve@example.com")) == "User(id=3, email='eve@example.com')"
