"""A pytest plugin for ``make bench``: how long each test waits, rather than works.

Load it with ``-p waits``. While a test runs (setup, call and teardown), it counts the
wall time spent in ``selectors`` ``select()`` calls that may block (a timeout of ``None`` or
more than zero: an asyncio loop with nothing ready, waiting for a timer or I/O) and in
``time.sleep``. A ``select(0)`` is a poll, not a wait, and is not counted. Loops that do not
use ``selectors`` (trio's) are not seen. At the end it writes per-test totals as JSON to the
file named by ``$MDPYTEST_WAITS`` (default ``build/waits.json``).
"""

from __future__ import annotations

import json
import os
import selectors
import time
from collections import defaultdict
from pathlib import Path

import pytest

_waits: dict[str, dict[str, float]] = defaultdict(lambda: {"select": 0.0, "sleep": 0.0, "selects": 0})
_current: list[str] = []
_perf = time.perf_counter


def _record(kind: str, seconds: float) -> None:
    if _current:
        entry = _waits[_current[-1]]
        entry[kind] += seconds
        if kind == "select":
            entry["selects"] += 1


def _patch_select(cls: type) -> None:
    original = cls.select

    def select(self, timeout=None):
        if timeout is not None and timeout <= 0:
            return original(self, timeout)
        started = _perf()
        try:
            return original(self, timeout)
        finally:
            _record("select", _perf() - started)

    cls.select = select


def _patch_sleep() -> None:
    original = time.sleep

    def sleep(seconds):
        started = _perf()
        try:
            return original(seconds)
        finally:
            _record("sleep", _perf() - started)

    time.sleep = sleep


def pytest_configure(config: pytest.Config) -> None:
    seen = set()
    for name in ("SelectSelector", "PollSelector", "EpollSelector", "DevpollSelector", "KqueueSelector"):
        cls = getattr(selectors, name, None)
        if cls is not None and cls not in seen:
            seen.add(cls)
            _patch_select(cls)
    _patch_sleep()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    _current.append(item.nodeid)
    try:
        return (yield)
    finally:
        _current.pop()


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = Path(os.environ.get("MDPYTEST_WAITS", "build/waits.json"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(dict(_waits), indent=1) + "\n")
