"""``compat/outcomes.json`` is current with the pages: the check ``mkdocs build`` makes, in the suite.

So that ``make test`` fails on stale data even where only the doc suite runs. The decision is
``siteext.compat.stale``, the one the build calls.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from siteext import compat

ROOT = Path(__file__).resolve().parents[2]


def test_the_compat_data_matches_every_runnable_example():
    data, pages, problems = compat.check(ROOT)
    if data is None:
        pytest.skip(f"no {compat.DATA_FILE} yet: `{compat.refresh_command()}` writes it")
    assert pages, "no pages found under docs/"
    assert not problems, "\n".join(problems)
