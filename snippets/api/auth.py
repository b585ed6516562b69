"""Password login and a protected route.

`POST /token` takes the OAuth2 password form (form-encoded `username` and
`password`) and returns a bearer token; `GET /me` needs the header
`Authorization: Bearer <token>` and returns the user. Tokens are the username
signed with HMAC-SHA256 under a key made at import, so they are valid until the
process ends.
"""

import base64
import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel

from snippets.api.users import Repository, User

router = APIRouter(tags=["auth"])

_KEY = secrets.token_bytes(32)

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


class Token(BaseModel):
    """The response of `POST /token`."""

    access_token: str
    token_type: str = "bearer"


def create_token(username: str) -> str:
    """Return a token that proves the bearer logged in as `username`."""
    name = base64.urlsafe_b64encode(username.encode()).decode()
    return f"{name}.{_sign(name)}"


def verify_token(token: str) -> str | None:
    """Return the username a token was made for, or `None` if it is not genuine."""
    name, _, signature = token.partition(".")
    if not hmac.compare_digest(signature.encode(), _sign(name).encode()):
        return None
    return base64.urlsafe_b64decode(name).decode()


def _sign(value: str) -> str:
    return hmac.new(_KEY, value.encode(), hashlib.sha256).hexdigest()


_UNAUTHORIZED = HTTPException(
    status.HTTP_401_UNAUTHORIZED,
    "Could not validate credentials",
    headers={"WWW-Authenticate": "Bearer"},
)


# --8<-- [start:current-user]
async def get_current_user(token: Annotated[str, Depends(oauth2_scheme)], repository: Repository) -> User:
    """FastAPI dependency: the user the request's bearer token belongs to.

    Raises:
        HTTPException: 401 if the token is missing, forged, or names an unknown user.
    """
    username = verify_token(token)
    user = repository.get(username) if username else None
    if user is None:
        raise _UNAUTHORIZED
    return user


# --8<-- [end:current-user]


# --8<-- [start:routes]
@router.post("/token")
async def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], repository: Repository) -> Token:
    """Exchange a username and password for a bearer token; 401 if they do not match."""
    user = repository.authenticate(form.username, form.password)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Token(access_token=create_token(user.username))


@router.get("/me")
async def read_me(user: Annotated[User, Depends(get_current_user)]) -> User:
    """Return the logged-in user."""
    return user


# --8<-- [end:routes]
