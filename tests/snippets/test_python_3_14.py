"""Tests of snippets.python_3_14 that the Python 3.14 and 3.15 page does not show."""

import asyncio
import subprocess
import sys
from pathlib import Path

from snippets.python_3_14 import waiting
from snippets.python_3_14.waiting import fetch


async def test_fetch_returns_the_reply():
    replies = asyncio.Queue()
    replies.put_nowait("pong")
    assert await fetch(replies) == "pong"


def test_program_says_ready_once_the_request_waits():
    program = subprocess.Popen(
        [sys.executable, "-m", "snippets.python_3_14.waiting"],
        cwd=Path(waiting.__file__).parents[2],  # where `snippets` is
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert program.stdout.readline() == "ready\n"
        assert program.poll() is None  # still waiting for the reply
    finally:
        program.kill()
        program.wait()
        program.stdout.close()
