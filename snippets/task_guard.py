"""A pytest plugin that fails every async test which leaves tasks running.

Load it from a `conftest.py` with `pytest_plugins = ["snippets.task_guard"]`, or on the
command line with `-p snippets.task_guard`. It adds the `no_leaked_tasks` fixture and
requests it automatically for every `async def` test. The "Leaks, hangs and warnings" page
shows it and tests it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio


# --8<-- [start:describe]
def describe(task: asyncio.Task[object]) -> str:
    """Name a task, its coroutine and the line where the coroutine is suspended.

    Args:
        task: A task that has not finished.

    Returns:
        For example `"Task-5 running heartbeat() at /app/heartbeat.py:21"`.
    """
    coro = task.get_coro()
    name = getattr(coro, "__qualname__", repr(coro))
    frame = getattr(coro, "cr_frame", None)
    where = f" at {frame.f_code.co_filename}:{frame.f_lineno}" if frame else ""
    return f"{task.get_name()} running {name}(){where}"


# --8<-- [end:describe]


# --8<-- [start:fixture]
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "leaks_tasks(reason): the test leaves tasks running on purpose")


LOOP_SCOPES = ("function", "class", "module", "package", "session")


def leak_check_name(loop_scope: str) -> str:
    """The name of the fixture that checks the loop of `loop_scope`."""
    if loop_scope == "function":
        return "no_leaked_tasks"
    return f"no_leaked_tasks_on_{loop_scope}_loop"


def leak_check(loop_scope: str) -> object:
    """Make a fixture that checks for leaked tasks on the loop of `loop_scope`.

    A fixture sees the tasks of its own event loop only, so a test on a module-wide loop
    needs a check that runs on that loop too.

    Args:
        loop_scope: One of `LOOP_SCOPES`.

    Returns:
        The fixture, named by `leak_check_name`: `no_leaked_tasks` for the per-test loop,
        `no_leaked_tasks_on_<scope>_loop` for the others.
    """

    # pytest_asyncio.fixture works in strict mode too, where @pytest.fixture would not.
    @pytest_asyncio.fixture(name=leak_check_name(loop_scope), loop_scope=loop_scope)
    async def check(request: pytest.FixtureRequest) -> AsyncIterator[None]:
        """Fail the test if tasks it started are still running when it ends.

        Tasks that existed before the test (on a loop shared with earlier tests) are not
        blamed on it. The leftovers are cancelled and awaited before the failure is
        reported, so they cannot run into the next test. A test marked `leaks_tasks` has
        its leftovers cancelled too, but does not fail.
        """
        before = asyncio.all_tasks()
        yield
        for _ in range(10):  # tasks that are just finishing (a server's handlers) need a few turns
            leaked = asyncio.all_tasks() - before - {asyncio.current_task()}
            if not leaked:
                return
            await asyncio.sleep(0)
        report = sorted(describe(task) for task in leaked)
        for task in leaked:
            task.cancel()
        await asyncio.wait(leaked, timeout=1.0)
        if request.node.get_closest_marker("leaks_tasks") is None:
            pytest.fail(f"{len(leaked)} task(s) left running after the test (now stopped):\n" + "\n".join(report))

    return check


no_leaked_tasks = leak_check("function")
no_leaked_tasks_on_class_loop = leak_check("class")
no_leaked_tasks_on_module_loop = leak_check("module")
no_leaked_tasks_on_package_loop = leak_check("package")
no_leaked_tasks_on_session_loop = leak_check("session")


@pytest.fixture(autouse=True)
def _guard_async_tests(request: pytest.FixtureRequest) -> None:
    """Request the leak check on the test's own loop, for the tests pytest-asyncio runs."""
    if not pytest_asyncio.is_async_test(request.node):
        return
    if "anyio_backend" in request.fixturenames:
        return  # AnyIO's plugin would run the async check on its own loop, not the test's
    marker = request.node.get_closest_marker("asyncio")
    loop_scope = (marker and marker.kwargs.get("loop_scope")) or request.config.getini(
        "asyncio_default_test_loop_scope"
    )
    request.getfixturevalue(leak_check_name(loop_scope or "function"))


# --8<-- [end:fixture]
