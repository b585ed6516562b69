"""Start a throwaway PostgreSQL server for a test session, and stop it again.

`temporary_server()` runs `initdb` into a new temporary directory, starts the server with
`pg_ctl` on a free port of 127.0.0.1, yields its URL, and on exit stops it and deletes the
directory. Every step has a time limit. PostgreSQL refuses to run as root, so when the
tests run as root (as in many containers) the server commands run as the `postgres`
user through `runuser`.
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# --8<-- [start:find]
SERVER_USER = "postgres"
"""The account the server runs as when the tests run as root."""

DEBIAN_ROOT = Path("/usr/lib/postgresql")
"""Where Debian and Ubuntu install each PostgreSQL version, in `<version>/bin`."""


def find_bindir() -> Path | None:
    """Find the directory that holds `initdb` and `pg_ctl`.

    Looks at the `PG_BINDIR` environment variable, then the `PATH`, then the newest
    version under `/usr/lib/postgresql/` (where Debian and Ubuntu install it).

    Returns:
        The directory, or `None` if PostgreSQL's server programs are not installed.
    """
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    if pg_ctl := shutil.which("pg_ctl"):
        candidates.append(Path(pg_ctl).resolve().parent)
    debian = DEBIAN_ROOT.glob("*/bin")
    candidates += sorted(debian, key=_major_version, reverse=True)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


def _major_version(bindir: Path) -> int:
    match = re.fullmatch(r"\d+", bindir.parent.name)
    return int(match[0]) if match else 0


def bindir_or_skip() -> Path:
    """Return `find_bindir()`, or skip the calling test if PostgreSQL is not installed.

    With the environment variable `REQUIRE_POSTGRESQL=1` (set it in CI), a missing
    PostgreSQL fails the test instead: a CI run must not pass by skipping.
    """
    bindir = find_bindir()
    if bindir is None:
        reason = "PostgreSQL server programs (initdb, pg_ctl) not found; set PG_BINDIR"
        if os.environ.get("REQUIRE_POSTGRESQL") == "1":
            pytest.fail(f"{reason} (REQUIRE_POSTGRESQL=1)", pytrace=False)
        pytest.skip(reason)
    return bindir


# --8<-- [end:find]


# --8<-- [start:server]
def free_port() -> int:
    """Ask the operating system for a TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def temporary_server(bindir: Path, timeout: float = 30) -> Iterator[str]:
    """Run a new PostgreSQL server for the duration of the `with` block.

    Args:
        bindir: Where `initdb` and `pg_ctl` are, from `find_bindir()`.
        timeout: The most seconds each of initdb, start and stop may take.

    Yields:
        The server's URL, `postgresql://postgres@127.0.0.1:<port>/postgres`; the
        `postgres` role is a superuser and needs no password.
    """
    as_server_user = ["runuser", "-u", SERVER_USER, "--"] if os.geteuid() == 0 else []

    def run(*args: str | Path) -> None:
        subprocess.run(
            [*as_server_user, *map(str, args)],
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    base = Path(tempfile.mkdtemp(prefix="pytest-postgresql-"))
    try:
        if as_server_user:
            shutil.chown(base, SERVER_USER)
        data, port = base / "data", free_port()
        run(bindir / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync")
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -k {base}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        pg_ctl = bindir / "pg_ctl"
        run(pg_ctl, "start", "-D", data, "-l", base / "log", "-o", options, "-w", "-t", int(timeout))
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            run(pg_ctl, "stop", "-D", data, "-m", "fast", "-w", "-t", int(timeout))
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --8<-- [end:server]
