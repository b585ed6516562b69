"""Hold an expected-failure example to the failure it promises.

A fence marked ``.expect-fail`` passes only if one of its test phases raises the named
exception with a matching message; if every phase passes, the example fails instead.
"""

from __future__ import annotations

import re

import pytest

MARK = "mdpytest_expect_fail"
_seen = pytest.StashKey[bool]()
_failed_otherwise = pytest.StashKey[bool]()


def expectation(raises: str, match: str | None, where: str) -> pytest.MarkDecorator:
    """The mark that carries a fence's expected failure to its items."""
    return getattr(pytest.mark, MARK)(raises=raises, match=match, where=where)


def matches(error: BaseException, raises: str, match: str | None) -> bool:
    """Whether ``error`` is the promised one: a class of that name in its MRO, and the message."""
    names = {cls.__name__ for cls in type(error).__mro__}
    names |= {f"{cls.__module__}.{cls.__qualname__}" for cls in type(error).__mro__}
    return raises in names and (match is None or re.search(match, str(error)) is not None)


def describe(raises: str, match: str | None) -> str:
    return raises if match is None else f"{raises} matching {match!r}"


def _skip_call() -> None:
    """Stands in for the test call once setup failed as expected: there is nothing to run."""


def _release(tb) -> None:
    """Drop the locals of the finished frames in ``tb``, including the copies tracebacks made."""
    while tb is not None:
        frame, tb = tb.tb_frame, tb.tb_next
        try:
            frame.clear()
        except RuntimeError:  # still executing: pytest's own frames
            continue
        local_names = frame.f_locals  # a snapshot dict before Python 3.13, a live view since
        if type(local_names) is dict and local_names is not frame.f_globals:  # not a fence's module
            local_names.clear()


def judge(item: pytest.Item, call: pytest.CallInfo, report: pytest.TestReport) -> None:
    """Turn the expected failure into a pass, and a pass of the whole test into a failure."""
    mark = item.get_closest_marker(MARK)
    if mark is None:
        return
    raises, match, where = mark.kwargs["raises"], mark.kwargs["match"], mark.kwargs["where"]
    if report.failed and call.excinfo is not None:
        if matches(call.excinfo.value, raises, match):
            item.stash[_seen] = True
            report.outcome = "passed"
            report.longrepr = None
            # Nothing will show this traceback: free what its frames hold (an unawaited
            # coroutine, say) now, inside this test, rather than in whichever test runs next.
            _release(call.excinfo.tb)
            if call.when == "setup":
                # The fixture error was the point of the example; skip the test body.
                item.runtest = _skip_call  # type: ignore[method-assign]
        else:
            item.stash[_failed_otherwise] = True
            report.sections.append(
                ("expected failure", f"{where}: expected {describe(raises, match)}, got {call.excinfo.exconly()}")
            )
        return
    finished_clean = not item.stash.get(_seen, False) and not item.stash.get(_failed_otherwise, False)
    if call.when == "teardown" and report.passed and finished_clean:
        report.outcome = "failed"
        report.longrepr = f"{where}: this example was expected to fail with {describe(raises, match)}, but it passed"
