"""A pytest plugin for export equals page (export_equality.py): each test's outcome, and each module that failed to collect.

Load with ``-p record_outcomes``; writes JSON to ``$RECORD_OUTCOMES``.
"""

import json
import os

outcomes: dict[str, str] = {}
broken: list[str] = []


def pytest_runtest_logreport(report):
    if report.failed:
        outcomes[report.nodeid] = "failed"
    elif report.skipped and outcomes.get(report.nodeid) != "failed":
        outcomes[report.nodeid] = "skipped"
    else:
        outcomes.setdefault(report.nodeid, "passed")


def pytest_collectreport(report):
    if report.failed:
        broken.append(report.nodeid)
    elif report.skipped:
        outcomes[report.nodeid] = "skipped"


def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput"):  # an xdist worker: its reports reach the controller too
        return
    with open(os.environ["RECORD_OUTCOMES"], "w") as file:
        json.dump({"outcomes": outcomes, "broken": broken}, file, indent=1)
