"""What examples need while they run: the expected-failure judge and the console runner.

The plugin registers this module, and ``mdpytest.export`` ships it unchanged next to the
exported test files as ``mdpytest_runtime.py`` (their ``conftest.py`` loads it), so a page and
its export are judged by the same code. It imports nothing from the rest of ``mdpytest``.

An example that must fail carries ``@pytest.mark.must_fail(raises, match=None, where=None)``.
``raises`` names the exception class the way the test's own module would: a name the module
binds (a class the page defines or imports), a builtin, or a dotted path such as
``json.JSONDecodeError`` (its first part bound by the module, or an importable module). The
test passes only if its setup, call or teardown raises an instance of that class whose message
matches ``match`` (``re.search``); if it passes, or fails some other way, it fails.
"""

from __future__ import annotations

import builtins
import doctest
import gc
import importlib
import re
import sys
import traceback
import types

import pytest

MARK = "must_fail"
_seen = pytest.StashKey[bool]()  # the promised failure happened
_other = pytest.StashKey[bool]()  # a phase failed some other way, or was skipped
_setup_failed = pytest.StashKey[bool]()  # setup failed as promised: nothing to call

# Clearing the frame of a suspended generator or coroutine finalizes it (before Python 3.13),
# which would break a task that is still running; such frames are left alone.
_GENERATOR_FLAGS = 0x20 | 0x80 | 0x100 | 0x200  # CO_GENERATOR, CO_COROUTINE, CO_ITERABLE_COROUTINE, CO_ASYNC_GENERATOR


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARK}(raises, match=None, where=None): the example must fail with this exception and message"
    )


def resolve(raises: str, namespace: dict) -> type[BaseException]:
    """The exception class ``raises`` names in ``namespace`` (a module's globals)."""
    first, *rest = raises.split(".")
    if first in namespace:
        found = namespace[first]
    elif hasattr(builtins, first):
        found = getattr(builtins, first)
    else:
        found, rest = _import_longest(first, rest, raises)
    for attribute in rest:
        found = getattr(found, attribute, None)
    if not (isinstance(found, type) and issubclass(found, BaseException)):
        raise LookupError(
            f"data-raises={raises!r} names no exception class: use a class the page defines or imports, "
            "a builtin, or module.Class"
        )
    return found


def _import_longest(first: str, rest: list[str], raises: str) -> tuple[object, list[str]]:
    for cut in range(len(rest), -1, -1):
        try:
            return importlib.import_module(".".join([first, *rest[:cut]])), rest[cut:]
        except ImportError:
            continue
    raise LookupError(f"data-raises={raises!r}: {first!r} is neither bound by the page nor an importable module")


def describe(raises: str, match: str | None) -> str:
    return raises if match is None else f"{raises} matching {match!r}"


def matches(error: BaseException, cls: type[BaseException], match: str | None) -> bool:
    return isinstance(error, cls) and (match is None or re.search(match, str(error)) is not None)


def release(error: BaseException) -> None:
    """Free what a judged failure's traceback holds (an unawaited coroutine, say) right now.

    Nothing will show this traceback, and without this its frames live on in a reference cycle
    (and in ``sys.last_exc``), so a leak would be reported in whichever test runs next.
    """
    tb = error.__traceback__
    # pytest keeps the last failure there for post-mortem debugging (minus its own frame).
    if getattr(sys, "last_value", None) is error:
        for name in ("last_exc", "last_value", "last_type", "last_traceback"):
            if hasattr(sys, name):
                delattr(sys, name)
    for frame, _ in traceback.walk_tb(tb):
        if frame.f_code.co_flags & _GENERATOR_FLAGS and _suspended(frame):
            continue
        try:
            frame.clear()
        except RuntimeError:  # still executing: pytest's own frames
            continue
        # Before Python 3.13 reading f_locals (as pytest's traceback does) made a snapshot
        # dict that clear() leaves alone; since 3.13 it is a live view of the cleared frame.
        snapshot = frame.f_locals
        if type(snapshot) is dict and snapshot is not frame.f_globals:
            snapshot.clear()


def _suspended(frame: types.FrameType) -> bool:
    """Whether a generator or coroutine still owns this frame (it is suspended, not finished).

    Since Python 3.13 ``frame.clear()`` refuses such a frame itself; before, it would finalize
    the generator, and only the garbage collector knows who refers to the frame.
    """
    if sys.version_info >= (3, 13):
        return False
    return any(
        getattr(owner, attr, None) is frame
        for owner in gc.get_referrers(frame)
        for attr in ("gi_frame", "cr_frame", "ag_frame")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    mark = item.get_closest_marker(MARK)
    if mark is not None:
        _judge(item, call, report, mark)
    return report


def _judge(item: pytest.Item, call: pytest.CallInfo, report: pytest.TestReport, mark: pytest.Mark) -> None:
    raises, match = mark.args[0], mark.kwargs.get("match")
    where = mark.kwargs.get("where") or item.nodeid
    if report.skipped:  # skipped or xfailed: neither a pass nor the promised failure
        item.stash[_other] = True
        return
    if report.failed and call.excinfo is not None and call.excinfo.type is _NothingToCall:
        report.outcome, report.longrepr = "passed", None
        return
    if report.failed and call.excinfo is not None:
        cls = resolve(raises, item.module.__dict__)
        if matches(call.excinfo.value, cls, match):
            item.stash[_seen] = True
            report.outcome, report.longrepr = "passed", None
            release(call.excinfo.value)
            item.stash[_setup_failed] = call.when == "setup"
        else:
            item.stash[_other] = True
            report.sections.append(
                ("expected failure", f"{where}: expected {describe(raises, match)}, got {call.excinfo.exconly()}")
            )
        return
    if (
        call.when == "teardown"
        and report.passed
        and not item.stash.get(_seen, False)
        and not item.stash.get(_other, False)
    ):
        report.outcome = "failed"
        report.longrepr = f"{where}: this example was expected to fail with {describe(raises, match)}, but it passed"


class _NothingToCall(Exception):
    """Stands in for the test call once setup failed as promised: the fixture error was the point."""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    # Raising here keeps the other implementations (pytest's runtest) from running; the
    # judge then turns this call into a pass.
    if item.stash.get(_setup_failed, False):
        raise _NothingToCall


class ExpectedFailure:
    """Module-level code that must fail: ``with ExpectedFailure(...) as fence:`` then ``fence.check()``.

    The code runs where it stands, so the names it binds before it fails stay bound, as in a
    reader's file; the test that calls ``check()`` reports the verdict.
    """

    def __init__(self, raises: str, match: str | None, where: str, namespace: dict):
        self.raises, self.match, self.where, self.namespace = raises, match, where, namespace
        self.error: BaseException | None = None
        self.verdict = f"{where}: this example was expected to fail with {describe(raises, match)}, but it passed"

    def __enter__(self) -> ExpectedFailure:
        return self

    def __exit__(self, kind, error, tb) -> bool:
        if error is None or isinstance(error, KeyboardInterrupt):
            return False
        if matches(error, resolve(self.raises, self.namespace), self.match):
            self.verdict = None
            release(error)
        else:
            self.error = error
            error.add_note(f"{self.where}: expected {describe(self.raises, self.match)}")
        return True

    def check(self) -> None:
        __tracebackhide__ = True
        if self.error is not None:
            raise self.error
        if self.verdict is not None:
            pytest.fail(self.verdict, pytrace=False)


class ConsoleSession:
    """A ``pycon`` block run as a doctest in a module's namespace; ``check()`` reports it."""

    def __init__(self, source: str, namespace: dict, path: str, line: int):
        # The session's first line is page line ``line + 1``: doctest counts from 0.
        test = doctest.DocTestParser().get_doctest(source, namespace, f"{path}:{line}", path, line)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        self.output: list[str] = []
        runner.run(test, out=self.output.append, clear_globs=False)
        self.failed = runner.failures

    def check(self) -> None:
        __tracebackhide__ = True
        if self.failed:
            pytest.fail("".join(self.output), pytrace=False)


def mark_list(marks) -> list:
    """A module's ``pytestmark`` as a list (it may be a single mark)."""
    return list(marks) if isinstance(marks, list | tuple) else [marks]
