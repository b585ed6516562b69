"""WebSocket endpoints: an echo that tracks its sessions, and one that needs a token.

`/ws/echo` answers every text message with `Echo: <message>` until the client
leaves, and counts its sessions in a `ConnectionStats` that it gets from the
`get_stats` dependency. `/ws/auth?token=...` closes the handshake with code 1008
(policy violation) unless the token came from `POST /token`.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, WebSocket, WebSocketDisconnect, status

from snippets.api.auth import verify_token

router = APIRouter(tags=["websockets"])


class ConnectionStats:
    """What the echo endpoint knows about its sessions.

    Attributes:
        active: Sessions open right now.
        close_codes: The close code of every finished session, oldest first.
    """

    def __init__(self) -> None:
        self.active = 0
        self.close_codes: list[int] = []


_stats = ConnectionStats()


def get_stats() -> ConnectionStats:
    """FastAPI dependency: the process-wide connection statistics."""
    return _stats


@router.websocket("/ws/echo")
async def echo(websocket: WebSocket, stats: Annotated[ConnectionStats, Depends(get_stats)]) -> None:
    """Echo text messages until the client disconnects, then record its close code."""
    await websocket.accept()
    stats.active += 1
    try:
        while True:
            text = await websocket.receive_text()
            await websocket.send_text(f"Echo: {text}")
    except WebSocketDisconnect as exc:
        stats.close_codes.append(exc.code)
    finally:
        stats.active -= 1


@router.websocket("/ws/auth")
async def authenticated(websocket: WebSocket, token: str = "") -> None:
    """Greet the token's user; refuse the handshake with 1008 if the token is forged."""
    username = verify_token(token)
    if username is None:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="invalid token")
        return
    await websocket.accept()
    await websocket.send_text(f"Connected as {username}")
    await websocket.close()
