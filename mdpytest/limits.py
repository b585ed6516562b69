"""A time limit for the code a page runs while it is collected.

Plain fences run at collection, where pytest-timeout's per-test limit does not reach. They get
the same limit: the ``timeout`` setting of pytest-timeout when that plugin is active. A fence
still running then is interrupted with ``FenceTimeout``, which names the page and line.
"""

from __future__ import annotations

import contextlib
import signal
import threading

import pytest


class FenceTimeout(BaseException):
    """A BaseException, like pytest's own outcomes, so ``except Exception`` in a fence cannot swallow it."""


def collection_timeout(config: pytest.Config) -> float | None:
    """pytest-timeout's limit for this run, in seconds, or None where there is none."""
    if not config.pluginmanager.hasplugin("timeout"):
        return None
    value = config.getoption("timeout", None)
    if value is None:
        value = config.getini("timeout")
    seconds = float(value) if value not in (None, "") else 0.0
    return seconds or None


@contextlib.contextmanager
def time_limit(seconds: float | None, where: str):
    """Interrupt the block after ``seconds``; SIGALRM works on the main thread only.

    Elsewhere (or without a limit) the block runs unlimited: pytest collects on the main
    thread, also in xdist workers.
    """
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise FenceTimeout(f"{where}: this fence was still running after the {seconds:g} s timeout")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
