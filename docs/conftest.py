"""Checks that apply to every example of the site (and to its exported test files).

The leaked-task guard is the one the guide teaches (``snippets/task_guard.py``, shown on
the "Leaks, hangs and warnings" page): an async test that leaves a task running fails.
Its fixtures and hook are imported here rather than named in ``pytest_plugins``, so they
apply to the pages below this folder only (``pytest_plugins`` would load the guard for the
whole run, and pytest refuses it in a conftest.py that is not top-level).
"""

from __future__ import annotations

import fnmatch

import pytest

from snippets.task_guard import (  # noqa: F401  (pytest finds fixtures and hooks by name)
    _guard_async_tests,
    no_leaked_tasks,
    no_leaked_tasks_on_class_loop,
    no_leaked_tasks_on_module_loop,
    no_leaked_tasks_on_package_loop,
    no_leaked_tasks_on_session_loop,
    pytest_configure,
)

# Tests that are meant to fail (the page's expected failures, and their exported form) may
# leave tasks behind: that can be the lesson. Their tasks are still cancelled.
EXPECTED_FAILURE_MARKS = ("must_fail",)

# Examples that leave a task running on purpose, to show that plain pytest-asyncio does not
# notice: (page or exported module file name patterns, test name) -> why.
LEAKS_ON_PURPOSE = {
    (("pitfalls.md", "test_pitfalls__L*.py"), "test_heartbeat_starts"): "shows that the leak passes unnoticed",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the examples above ``leaks_tasks``, which the guard honours."""
    for item in items:
        reason = _leaks_on_purpose(item)
        if reason is None and any(item.get_closest_marker(name) for name in EXPECTED_FAILURE_MARKS):
            reason = "expected to fail"
        if reason is not None:
            item.add_marker(pytest.mark.leaks_tasks(reason))


def _leaks_on_purpose(item: pytest.Item) -> str | None:
    name = getattr(item, "originalname", item.name)
    for (files, test), reason in LEAKS_ON_PURPOSE.items():
        if name == test and any(fnmatch.fnmatch(item.path.name, pattern) for pattern in files):
            return reason
    return None
