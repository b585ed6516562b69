"""A small FastAPI application that the FastAPI and WebSocket pages test.

The application lives in [`snippets.api.app`][snippets.api.app]; each other module holds one
feature as an `APIRouter`:

- [`users`][snippets.api.users]: the user models, an in-memory repository and `POST /users`;
- [`auth`][snippets.api.auth]: password login at `POST /token` and the protected `GET /me`;
- [`uploads`][snippets.api.uploads]: `POST /upload` with `UploadFile`;
- [`ws`][snippets.api.ws]: the WebSocket endpoints `/ws/echo` and `/ws/auth`.
"""
