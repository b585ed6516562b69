"""Users: pydantic models, an in-memory repository, and the `POST /users` route.

The repository reaches the routes through the `get_repository`
dependency, so a test can hand each request a fresh repository with
`app.dependency_overrides[get_repository]`.
"""

import hashlib
import hmac
import itertools
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, Field

router = APIRouter(tags=["users"])


# --8<-- [start:models]
class UserCreate(BaseModel):
    """The request body of `POST /users`."""

    username: str = Field(min_length=3, max_length=30, pattern=r"^[a-z0-9_]+$")
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    password: str = Field(min_length=8)


class User(BaseModel):
    """A user as the API returns it: never with the password."""

    id: int
    username: str
    email: str


# --8<-- [end:models]


class UserRepository:
    """Stores users in memory, with salted PBKDF2 password hashes.

    A real application keeps users in a database; this class has the same shape
    (add, look up, check a password), so the routes and tests look like real ones.
    """

    # Few iterations keep the examples fast; a production hash needs far more
    # (or a dedicated library such as argon2-cffi).
    _ITERATIONS = 1_000

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._users: dict[str, tuple[User, bytes, bytes]] = {}

    def add(self, data: UserCreate) -> User:
        """Store a new user and return it with its id.

        Args:
            data: The validated request body.

        Returns:
            The stored user.

        Raises:
            ValueError: If the username is taken.
        """
        if data.username in self._users:
            raise ValueError(f"username {data.username!r} is taken")
        user = User(id=next(self._ids), username=data.username, email=data.email)
        salt = secrets.token_bytes(16)
        self._users[data.username] = (user, salt, self._hash(data.password, salt))
        return user

    def get(self, username: str) -> User | None:
        """Return the user called `username`, or `None`."""
        entry = self._users.get(username)
        return entry[0] if entry else None

    def authenticate(self, username: str, password: str) -> User | None:
        """Return the user if `password` is theirs, else `None`."""
        entry = self._users.get(username)
        if entry is None:
            return None
        user, salt, expected = entry
        if hmac.compare_digest(self._hash(password, salt), expected):
            return user
        return None

    def _hash(self, password: str, salt: bytes) -> bytes:
        return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, self._ITERATIONS)


# --8<-- [start:dependency]
_repository = UserRepository()


def get_repository() -> UserRepository:
    """FastAPI dependency: the application's user repository (one per process)."""
    return _repository


Repository = Annotated[UserRepository, Depends(get_repository)]
# --8<-- [end:dependency]


# --8<-- [start:route]
@router.post("/users", status_code=status.HTTP_201_CREATED)
async def create_user(data: UserCreate, repository: Repository) -> User:
    """Register a user; answers 409 if the username is taken."""
    try:
        return repository.add(data)
    except ValueError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc


# --8<-- [end:route]
