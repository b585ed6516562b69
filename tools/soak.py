"""Run the doc suite many times in random order and report every test that ever failed.

``python tools/soak.py [--runs 20] [--alone] [--parallel] [paths...]``

Each run is a fresh ``pytest`` process over ``docs/`` (or the given paths) with a different
pytest-randomly seed, so tests, and the pages themselves, run in a different order each time.
``--alone`` also runs every page on its own once; ``--parallel`` also runs the suite once with
``-n 2`` (pytest-xdist). Failures and errors are read from each run's JUnit XML and reported
per test with the seeds (or runs) they happened in; the exit status is 1 if anything failed.
A summary is written to ``build/soak.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_pytest(args: list[str], label: str, junit: Path) -> tuple[int, dict[str, str], float, int]:
    """Run pytest once; (exit code, failing test id -> first line of the failure, seconds, tests)."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "--no-header",
        "-p",
        "no:cacheprovider",
        f"--junitxml={junit}",
        *args,
    ]
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    failures: dict[str, str] = {}
    count = 0
    if junit.exists():
        for case in ET.parse(junit).getroot().iter("testcase"):
            count += 1
            for outcome in ("failure", "error"):
                element = case.find(outcome)
                if element is not None:
                    name = f"{case.get('classname', '')}::{case.get('name', '')}"
                    failures[name] = (
                        f"{outcome}: {(element.get('message') or '').splitlines()[0][:160] if element.get('message') else ''}"
                    )
        junit.unlink()
    if completed.returncode not in (0, 5) and not failures:
        failures[f"<{label}>"] = (
            f"pytest exited {completed.returncode}: " + (completed.stdout + completed.stderr).strip()[-400:]
        )
    return completed.returncode, failures, elapsed, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/soak.py", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["docs"], help="what to run (default: docs)")
    parser.add_argument("--runs", type=int, default=20, help="random-order runs of the whole suite (default 20)")
    parser.add_argument("--alone", action="store_true", help="also run every page on its own once")
    parser.add_argument("--parallel", action="store_true", help="also run the suite once with -n 2")
    parser.add_argument("--seed", type=int, default=None, help="first seed (default: random); run i uses seed+i")
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "soak.json")
    args = parser.parse_args(argv)

    first = args.seed if args.seed is not None else random.randrange(1, 10**8)
    failed_in: dict[str, list[str]] = defaultdict(list)
    messages: dict[str, str] = {}
    runs = []
    with tempfile.TemporaryDirectory() as scratch:
        junit = Path(scratch) / "junit.xml"
        plan = [
            (f"seed {first + i}", ["-p", "randomly", f"--randomly-seed={first + i}", *args.paths])
            for i in range(args.runs)
        ]
        if args.parallel:
            plan.append(("-n 2", ["-n", "2", *args.paths]))
        if args.alone:
            pages = sorted(p.relative_to(ROOT).as_posix() for path in args.paths for p in (ROOT / path).rglob("*.md"))
            plan += [(f"alone {page}", [page]) for page in pages]
        for number, (label, pytest_args) in enumerate(plan, 1):
            code, failures, elapsed, count = run_pytest(pytest_args, label, junit)
            runs.append(
                {"run": label, "exit": code, "tests": count, "seconds": round(elapsed, 2), "failed": sorted(failures)}
            )
            status = "ok" if not failures else f"{len(failures)} FAILED"
            print(f"[{number:2}/{len(plan)}] {label:<40} {count:4} tests {elapsed:6.1f}s  {status}", flush=True)
            for name, message in failures.items():
                failed_in[name].append(label)
                messages.setdefault(name, message)

    print()
    if failed_in:
        print(f"{len(failed_in)} test(s) failed at least once:")
        for name in sorted(failed_in, key=lambda n: (-len(failed_in[n]), n)):
            print(
                f"  {len(failed_in[name]):2}/{len(runs)}  {name}\n         {messages[name]}\n         in: {', '.join(failed_in[name])}"
            )
    else:
        print(f"soak: 0 failures in {len(runs)} runs ({args.runs} random orders from seed {first})")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    summary = {
        "first_seed": first,
        "runs": runs,
        "failures": {n: {"runs": r, "message": messages[n]} for n, r in failed_in.items()},
    }
    args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 1 if failed_in else 0


if __name__ == "__main__":
    sys.exit(main())
