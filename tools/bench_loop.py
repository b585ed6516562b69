"""How long a maintainer waits: ``python tools/bench_loop.py [--skip-make]`` (``make bench``).

Reported, never asserted (a shared machine makes timings noisy). Each figure is one run
unless it says otherwise, on the machine and load printed with it:

- ``mkdocs build --strict``, median of three (target under 5 s);
- the doc suite and the engine's tests with ``-n 2`` and without (the main suite);
- the flip check from a clean cache (as in CI), then again with every page cached;
- ``make test`` on a warm machine after editing one page (target at most 3 minutes);
- ``make test`` in a fresh clone, installs included (target at most 10 minutes).

The two ``make test`` runs take the longest; ``--skip-make`` leaves them out. Results go to
``build/bench-loop.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = next(parent for parent in Path(__file__).resolve().parents if (parent / "pyproject.toml").is_file())
BIN = Path(sys.executable).parent
FLIPPED = "tests/site/test_pages_fail_when_flipped.py"
MAIN = ["--ignore", "tests/browser", "--ignore", FLIPPED, "-q", "-p", "no:randomly"]
EDITED_PAGE = ROOT / "docs" / "basics.md"


def timed(label: str, command: list[str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"bench: {label} failed (exit {done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    print(f"  {label}: {elapsed:.1f} s (load {os.getloadavg()[0]:.1f})", flush=True)
    return round(elapsed, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/bench_loop.py", description=__doc__.splitlines()[0])
    parser.add_argument("--skip-make", action="store_true", help="leave out the two make test runs")
    args = parser.parse_args(argv)
    result: dict = {"started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": os.cpu_count()}
    result["load_at_start"] = round(os.getloadavg()[0], 2)
    pytest = str(BIN / "pytest")

    with tempfile.TemporaryDirectory() as scratch:
        build = [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(Path(scratch) / "site")]
        result["build_s"] = statistics.median(timed(f"strict build {n + 1}/3", build) for n in range(3))
    result["main_suite_n2_s"] = timed("main suite, -n 2", [pytest, "-n", "2", *MAIN])
    result["main_suite_n0_s"] = timed("main suite, one process", [pytest, *MAIN])
    shutil.rmtree(ROOT / "build" / "flip-cache", ignore_errors=True)
    flip = [pytest, "-q", "-n", "2", "-p", "no:randomly", FLIPPED]
    result["flip_clean_s"] = timed("flip check, clean cache", flip)
    result["flip_cached_s"] = timed("flip check, all cached", flip)

    if not args.skip_make:
        text = EDITED_PAGE.read_text(encoding="utf-8")
        try:
            EDITED_PAGE.write_text(text + "\n", encoding="utf-8")  # one page changed: it alone is flipped again
            result["make_test_warm_one_page_s"] = timed("make test, warm, one page edited", ["make", "test"])
        finally:
            EDITED_PAGE.write_text(text, encoding="utf-8")
        with tempfile.TemporaryDirectory() as scratch:
            clone = Path(scratch) / "clone"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
            result["make_test_fresh_clone_s"] = timed("make test, fresh clone with installs", ["make", "test"], clone)

    out = ROOT / "build" / "bench-loop.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
