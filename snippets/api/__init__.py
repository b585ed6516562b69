"""A small FastAPI application that the FastAPI and WebSocket pages test.

The application lives in `snippets.api.app`; each other module holds one
feature as an `APIRouter`:

- `users`: the user models, an in-memory repository and `POST /users`;
- `auth`: password login at `POST /token` and the protected `GET /me`;
- `uploads`: `POST /upload` with `UploadFile`;
- `ws`: the WebSocket endpoints `/ws/echo` and `/ws/auth`.
"""
