"""Resources that parallel test workers must not share: ports and database names.

The "Running async tests in parallel" page tests these helpers, under pytest-xdist and
without it.
"""

from __future__ import annotations

import asyncio
import os
import socket

# --8<-- [start:ports]
from snippets.line_echo import echo_lines


async def start_echo_server(host: str = "127.0.0.1") -> asyncio.Server:
    """Start a TCP server that sends every line back, on a port the OS picks.

    Args:
        host: The address to listen on.

    Returns:
        The running server; read its port with `port_of`.
    """
    return await asyncio.start_server(echo_lines, host, 0)  # port 0: any free port


def port_of(server: asyncio.Server) -> int:
    """The port a started server listens on.

    Args:
        server: A server started with `asyncio.start_server` or `loop.create_server`.

    Returns:
        The port number of its first socket.
    """
    return server.sockets[0].getsockname()[1]


def free_port(host: str = "127.0.0.1") -> int:
    """Find a port that is free right now, for a program that must be told its port.

    The port is released before this returns, so another process could take it in
    between; prefer letting the server bind port 0 itself and reading the port back.

    Args:
        host: The address to check.

    Returns:
        A port number that nothing listened on a moment ago.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


# --8<-- [end:ports]


# --8<-- [start:worker]
def worker_name() -> str:
    """The pytest-xdist worker this process is, or `"master"` outside xdist.

    Reads `PYTEST_XDIST_WORKER`, which pytest-xdist sets in each worker to `"gw0"`,
    `"gw1"`, and so on; code outside fixtures can use it where the `worker_id` fixture
    is out of reach.

    Returns:
        The worker's name.
    """
    return os.environ.get("PYTEST_XDIST_WORKER", "master")


def database_name(base: str, worker: str) -> str:
    """A database name of its own for one test worker.

    Args:
        base: The name the application normally uses.
        worker: The worker's name, from `worker_id` or `worker_name()`.

    Returns:
        For example `"app_test_gw1"`.
    """
    return f"{base}_test_{worker}"


# --8<-- [end:worker]
