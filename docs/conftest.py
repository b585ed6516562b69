"""Checks that apply to every example of the site (and to its exported test files).

The leaked-task guard fails an async test that leaves a task running once the test and its
fixtures are done. pytest-asyncio would otherwise cancel such tasks silently when it closes a
function-scoped loop, or let them run on into the next test on a wider-scoped loop.
"""

from __future__ import annotations

import asyncio
import fnmatch
import os

import pytest

from snippets.pg import find_bindir

# Tests that are meant to fail (mdpytest's ``.expect-fail`` examples, and their exported form)
# may leave tasks behind: that can be the lesson. Their tasks are still cancelled.
EXPECTED_FAILURE_MARKS = ("mdpytest_expect_fail", "must_fail")

# How long leaked tasks get to finish what they are doing before they are cancelled; only a
# test that leaves tasks behind ever waits for it.
SETTLE_SECONDS = 0.1

# Examples that leave a task running on purpose, to show that plain pytest-asyncio does not
# notice: (page or exported module file name pattern, test name) -> why.
LEAKS_ON_PURPOSE = {
    (("pitfalls.md", "test_pitfalls__L*.py"), "test_heartbeat_starts"): "shows that the leak passes unnoticed",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip an expected-failure example that needs the PostgreSQL server where there is none.

    Its ``postgresql_url`` fixture would skip it at setup like the rest of ``postgresql.md``,
    but an expected failure that never ran is judged a pass that should have failed.
    """
    if find_bindir() is not None or os.environ.get("REQUIRE_POSTGRESQL") == "1":
        return  # the fixture starts a server, or fails the test as CI wants
    skip = pytest.mark.skip(reason="PostgreSQL server programs (initdb, pg_ctl) not found; set PG_BINDIR")
    for item in items:
        if "postgresql_url" in getattr(item, "fixturenames", ()) and any(
            item.get_closest_marker(name) for name in EXPECTED_FAILURE_MARKS
        ):
            item.own_markers[:] = [mark for mark in item.own_markers if mark.name not in EXPECTED_FAILURE_MARKS]
            item.add_marker(skip)


def _leaks_on_purpose(node: pytest.Item) -> bool:
    name = getattr(node, "originalname", node.name)
    return any(
        name == test and any(fnmatch.fnmatch(node.path.name, pattern) for pattern in files)
        for files, test in LEAKS_ON_PURPOSE
    )


@pytest.fixture(autouse=True)
def no_leaked_tasks(request: pytest.FixtureRequest):
    """Fail an async test that leaves tasks running on its event loop after its teardown.

    The guard asks pytest-asyncio for the test's loop runner first, so the runner is set up
    before and torn down after this fixture, and the test's own fixtures are torn down before
    this check runs. A task still running a few loop iterations later is a leak: it gets up
    to ``SETTLE_SECONDS`` to finish what it is doing, is then cancelled and awaited, and the
    test fails naming it. Only tasks that did not exist when the test started count.
    """
    scope = getattr(request.node, "_loop_scope", None)  # set on pytest-asyncio's async items
    if scope is None:
        yield
        return
    runner = request.getfixturevalue(f"_{scope}_scoped_runner")
    loop = runner.get_loop()
    existing = asyncio.all_tasks(loop)
    yield
    if loop.is_closed():
        return
    leaked = asyncio.all_tasks(loop) - existing
    for _ in range(3):  # a task that is finishing its cancellation needs an iteration or two
        if not leaked:
            return
        runner.run(asyncio.sleep(0))
        leaked = {task for task in leaked if not task.done()}
    if not leaked:
        return
    # A leak. Let the tasks finish what they are doing (a reply from a thread, say) before
    # cancelling them: one cancelled mid-operation can leave a thread answering a closed loop.
    on_purpose = _leaks_on_purpose(request.node)
    if not on_purpose:
        runner.run(asyncio.wait(leaked, timeout=SETTLE_SECONDS))
    for task in leaked:
        task.cancel()
    runner.run(asyncio.wait(leaked))
    if on_purpose or any(request.node.get_closest_marker(name) for name in EXPECTED_FAILURE_MARKS):
        return
    described = "\n".join(f"  {task.get_name()}: {task.get_coro()!r}" for task in sorted(leaked, key=id))
    pytest.fail(f"{len(leaked)} task(s) left running after the test (now stopped):\n{described}", pytrace=False)
