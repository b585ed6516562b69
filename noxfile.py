"""The verification on every supported Python: ``make matrix`` (or ``nox`` with them on PATH).

Each session builds a fresh virtualenv from ``requirements.lock`` (hashes required), installs
this project without dependencies, and runs the doc suite and the engine's tests. The browser
suite (``tests/browser``) is left out: it builds the site and needs Chromium, and the site does
not depend on the Python version the examples run on; ``make test`` runs it. Python 3.14 and
3.15 run in a Debian sid root instead (``tools/sidroot.sh``), which ``make matrix`` calls next.
"""

import nox

PYTHONS = ["3.11", "3.12", "3.13"]

nox.options.sessions = ["verify"]
nox.options.reuse_existing_virtualenvs = False
nox.options.error_on_missing_interpreters = True


@nox.session(python=PYTHONS)
def verify(session: nox.Session) -> None:
    session.install("--require-hashes", "--requirement", "requirements.lock")
    session.install("--no-deps", "--editable", ".")
    session.run("python", "--version")
    flipped = "tests/test_pages_fail_when_flipped.py"
    session.run("pytest", "docs", "tests", "--ignore=tests/browser", f"--ignore={flipped}", *session.posargs)
    # As in `make test`: a process per flipped page, so on two workers.
    session.run("pytest", "-q", "-n", "2", "-p", "no:randomly", flipped, *session.posargs)
