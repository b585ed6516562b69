"""The verification on every supported Python: ``make matrix`` (or ``nox`` with them on PATH).

Each session builds a fresh virtualenv from ``requirements.lock`` (hashes required), installs
this project without dependencies, and runs the doc suite and the engine's tests; a session
that passes writes its interpreter into ``tested-pythons.txt``, which the home page's table
shows (commit it after a matrix run). The browser suite (``tests/browser``) is left out: it
builds the site and needs Chromium, and the site does not depend on the Python version the
examples run on; ``make test`` runs it. Python 3.14 and
3.15 run in a Debian sid root instead (``tools/sidroot.sh``), which ``make matrix`` calls next.
"""

import datetime
from pathlib import Path

import nox

from siteext.tested_with import record_interpreter

PYTHONS = ["3.11", "3.12", "3.13"]

# The home page lists the interpreters whose session last passed in full (siteext/tested_with.py).
TESTED_PYTHONS = Path(__file__).parent / "tested-pythons.txt"

nox.options.sessions = ["verify"]
nox.options.reuse_existing_virtualenvs = False
nox.options.error_on_missing_interpreters = True


@nox.session(python=PYTHONS)
def verify(session: nox.Session) -> None:
    session.install("--require-hashes", "--requirement", "requirements.lock")
    session.install("--no-deps", "--editable", ".")
    output = session.run("python", "-c", "import platform; print(platform.python_version())", silent=True)
    version = str(output).strip()
    session.log(f"Python {version}")
    # Only a full run may claim this interpreter (not `nox -- -k x`, nor --install-only, where
    # nothing runs); until it passes, its old claim is withdrawn.
    full_run = output is not None and not session.posargs
    if full_run:
        _record(version, None)
    flipped = "tests/site/test_pages_fail_when_flipped.py"
    session.run("pytest", "docs", "tests", "--ignore=tests/browser", f"--ignore={flipped}", *session.posargs)
    # As in `make test`: a process per flipped page, so on two workers.
    session.run("pytest", "-q", "-n", "2", "-p", "no:randomly", flipped, *session.posargs)
    if full_run:
        _record(version, datetime.date.today().isoformat())


def _record(version: str, passed_on: str | None) -> None:
    TESTED_PYTHONS.write_text(record_interpreter(TESTED_PYTHONS.read_text(), version, passed_on))
