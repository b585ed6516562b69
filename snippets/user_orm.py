"""SQLAlchemy 2.x models and a small repository and service for the SQLAlchemy page.

The models use typed mappings (`Mapped[...]` with `mapped_column`). The repository holds
the queries and never commits; the service owns the unit of work and commits.
"""

from __future__ import annotations

from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


# --8<-- [start:models]
class Base(DeclarativeBase):
    """Declarative base class that holds the metadata of every model."""


class User(Base):
    """A registered user; `email` is unique."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    age: Mapped[int | None]

    def __repr__(self) -> str:
        return f"User(id={self.id!r}, email={self.email!r})"


# --8<-- [end:models]


# --8<-- [start:repository]
class UserRepository:
    """Queries for `User` rows; the caller decides when to commit.

    Args:
        session: The session every query runs in.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, user: User) -> User:
        """Add a user to the session; it is inserted at the next flush.

        Args:
            user: The new, unsaved user.

        Returns:
            The same user.
        """
        self.session.add(user)
        return user

    async def get_by_email(self, email: str) -> User | None:
        """Find a user by email address.

        Args:
            email: The address to look for.

        Returns:
            The user, or `None` if there is none.
        """
        return await self.session.scalar(select(User).where(User.email == email))

    async def list_by_age(self, age: int) -> list[User]:
        """List the users of one age, ordered by name.

        Args:
            age: The age to filter on.

        Returns:
            The matching users.
        """
        result = await self.session.scalars(select(User).where(User.age == age).order_by(User.name))
        return list(result)

    async def count(self) -> int:
        """Count all users.

        Returns:
            The number of rows in the users table.
        """
        return await self.session.scalar(select(func.count()).select_from(User)) or 0


# --8<-- [end:repository]


# --8<-- [start:service]
class EmailTaken(Exception):
    """Raised when a user registers with an email address that is already in use."""


class UserService:
    """Use cases for users; each public method is one committed unit of work.

    Args:
        session: The session the service works in.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.users = UserRepository(session)

    async def register(self, name: str, email: str, age: int | None = None) -> User:
        """Create a user and commit.

        Args:
            name: Display name.
            email: Email address; must not be registered yet.
            age: Age in years, if known.

        Returns:
            The committed user, with its primary key set.

        Raises:
            EmailTaken: If a user with this email address exists.
        """
        if await self.users.get_by_email(email) is not None:
            raise EmailTaken(email)
        user = self.users.add(User(name=name, email=email, age=age))
        await self.session.commit()
        return user


# --8<-- [end:service]
