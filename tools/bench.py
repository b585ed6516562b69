"""Measure the doc suite: ``python tools/bench.py [--runs 5]`` (``make bench``).

Never part of the test suite: timings on a shared machine are noise-prone, so they are
reported, not asserted. Every figure is a median over ``--runs`` fresh processes.

(a) the doc suite through the Markdown plugin: ``pytest docs -p no:randomly``;
(b) the same examples exported as plain modules (``python -m mdpytest.export``), run with
    ``pytest -p no:mdpytest -p no:randomly`` in ``build/exported``; (a)/(b) is the plugin's
    overhead;
(c) ``mkdocs build --strict`` into a scratch folder, and that time per page;
(d) the ten slowest doc tests (setup + call + teardown) and how long tests wait, measured by
    one extra run with ``-p waits`` (time blocked in selectors' ``select()`` with a
    timeout, and in ``time.sleep``);
(e) the peak resident memory of each kind of process (``ru_maxrss`` from ``wait4``);
(f) the compatibility matrix's last full run (``make compat`` writes ``build/compat/timing.json``);
    it is not run here unless asked with ``--compat``, as it takes minutes.

Prints a table and writes everything to ``build/bench.json``. Targets (reported, not
enforced): overhead at most 1.2x, no example over 50 ms, strict build under 5 s, the full
compatibility matrix under 20 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SLOW_TEST = 0.050
OVERHEAD_TARGET = 1.2
BUILD_TARGET = 5.0
COMPAT_TARGET = 20 * 60
COMPAT_TIMING = ROOT / "build" / "compat" / "timing.json"


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, int, str]:
    """Run a command; (wall seconds, peak RSS in MiB, exit code, output tail)."""
    with tempfile.TemporaryFile("w+") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=env, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        tail = output.read()[-2000:]
    return elapsed, usage.ru_maxrss / 1024, process.returncode, tail


def median_run(label: str, command: list[str], cwd: Path, runs: int, env: dict | None = None) -> dict:
    times, peaks = [], []
    for number in range(runs):
        elapsed, peak, code, tail = timed(command, cwd, env)
        if code != 0:
            raise SystemExit(f"bench: {label} failed (exit {code}):\n{tail}")
        times.append(elapsed)
        peaks.append(peak)
        print(f"  {label} run {number + 1}/{runs}: {elapsed:.2f} s, {peak:.0f} MiB", flush=True)
    return {
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "runs_s": [round(t, 3) for t in times],
        "peak_rss_mib": round(max(peaks), 1),
    }


def slowest_and_waits(scratch: Path) -> dict:
    """One instrumented plugin run: per-test durations from JUnit XML, and per-test waits."""
    junit = scratch / "durations.xml"
    waits_file = scratch / "waits.json"
    env = {**os.environ, "MDPYTEST_WAITS": str(waits_file), "PYTHONPATH": str(Path(__file__).resolve().parent)}
    command = [
        str(BIN / "pytest"),
        "docs",
        "-q",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        "-p",
        "waits",
        f"--junitxml={junit}",
        "-o",
        "junit_duration_report=total",
    ]
    elapsed, peak, code, tail = timed(command, ROOT, env)
    if code != 0:
        raise SystemExit(f"bench: instrumented run failed (exit {code}):\n{tail}")
    durations = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        durations[f"{case.get('classname')}::{case.get('name')}"] = float(case.get("time", 0))
    waits = json.loads(waits_file.read_text())
    select_total = sum(w["select"] for w in waits.values())
    sleep_total = sum(w["sleep"] for w in waits.values())
    waiting = sorted(waits.items(), key=lambda item: -(item[1]["select"] + item[1]["sleep"]))
    slowest = sorted(durations.items(), key=lambda item: -item[1])[:10]
    return {
        "tests": len(durations),
        "over_50ms": sorted(name for name, seconds in durations.items() if seconds > SLOW_TEST),
        "slowest": [{"test": name, "seconds": round(seconds, 4)} for name, seconds in slowest],
        "wait_select_s": round(select_total, 4),
        "wait_sleep_s": round(sleep_total, 4),
        "most_waiting": [
            {"test": name, "select_s": round(w["select"], 4), "sleep_s": round(w["sleep"], 4), "selects": w["selects"]}
            for name, w in waiting[:5]
            if w["select"] + w["sleep"] > 0
        ],
    }


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kib = int(
            next(
                line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
            ).split()[1]
        )
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "bench.json")
    parser.add_argument("--compat", action="store_true", help="run the full compatibility matrix first (minutes)")
    args = parser.parse_args(argv)
    result: dict = {
        "machine": machine(),
        "runs": args.runs,
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }
    pages = sorted((ROOT / "docs").rglob("*.md"))
    exported = ROOT / "build" / "exported"
    subprocess.run([sys.executable, "-m", "mdpytest.export", "--out", str(exported)], cwd=ROOT, check=True)

    print("(a) doc suite through the plugin", flush=True)
    pytest_args = ["-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    result["plugin"] = median_run("plugin", [str(BIN / "pytest"), "docs", *pytest_args], ROOT, args.runs)
    print("(b) exported plain modules", flush=True)
    result["plain"] = median_run("plain", [str(BIN / "pytest"), "-p", "no:mdpytest", *pytest_args], exported, args.runs)
    result["overhead"] = round(result["plugin"]["median_s"] / result["plain"]["median_s"], 3)
    print("(c) mkdocs build --strict", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        build = [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(Path(scratch) / "site")]
        result["build"] = median_run("build", build, ROOT, args.runs)
        result["build"]["pages"] = len(pages)
        result["build"]["per_page_ms"] = round(1000 * result["build"]["median_s"] / len(pages), 1)
        print("(d) slowest tests and waiting (one instrumented run)", flush=True)
        result["tests"] = slowest_and_waits(Path(scratch))
    if args.compat:
        print("(f) the compatibility matrix (make compat)", flush=True)
        subprocess.run([sys.executable, "-m", "tools.compat"], cwd=ROOT, check=True)
    result["compat"] = compat_timing()
    result["targets"] = {
        "overhead_at_most_1.2x": result["overhead"] <= OVERHEAD_TARGET,
        "no_test_over_50ms": not result["tests"]["over_50ms"],
        "strict_build_under_5s": result["build"]["median_s"] < BUILD_TARGET,
    }
    if result["compat"]:
        result["targets"]["compat_matrix_under_20min"] = result["compat"]["seconds"] < COMPAT_TARGET
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    print_table(result)
    return 0


def compat_timing() -> dict | None:
    """The last full run of ``make compat`` (a run of some pages or environments is no figure)."""
    if not COMPAT_TIMING.is_file():
        return None
    timing = json.loads(COMPAT_TIMING.read_text()).get("last_full")
    if not timing:
        return None
    keys = ("seconds", "jobs", "environments", "pages", "finished")
    return {key: timing[key] for key in keys if key in timing}


def print_table(result: dict) -> None:
    m = result["machine"]
    print(
        f"\nmachine: {m['cpu']}, {m['cores']} cores, {m['memory']}, Python {m['python']}, load {m['load_average_at_start']}"
    )
    print(f"medians of {result['runs']} runs\n")
    rows = [
        (
            "(a) doc suite, Markdown plugin",
            f"{result['plugin']['median_s']:.2f} s",
            f"{result['plugin']['peak_rss_mib']:.0f} MiB",
        ),
        (
            "(b) same examples, plain modules",
            f"{result['plain']['median_s']:.2f} s",
            f"{result['plain']['peak_rss_mib']:.0f} MiB",
        ),
        ("    plugin overhead (a)/(b)", f"{result['overhead']:.2f}x", "target <= 1.2x"),
        (
            "(c) mkdocs build --strict",
            f"{result['build']['median_s']:.2f} s",
            f"{result['build']['peak_rss_mib']:.0f} MiB",
        ),
        (
            f"    per page ({result['build']['pages']} pages)",
            f"{result['build']['per_page_ms']:.0f} ms",
            "target < 5 s total",
        ),
        ("(d) waiting in select() with timeout", f"{result['tests']['wait_select_s'] * 1000:.1f} ms", ""),
        ("    waiting in time.sleep", f"{result['tests']['wait_sleep_s'] * 1000:.1f} ms", ""),
        ("    tests over 50 ms", str(len(result["tests"]["over_50ms"])), f"of {result['tests']['tests']}"),
    ]
    if compat := result.get("compat"):
        rows.append(
            (
                "(f) compat matrix, last full run",
                f"{compat['seconds'] / 60:.1f} min",
                f"{compat['environments']} environments x {compat['pages']} pages, {compat['jobs']} at once; target < 20 min",
            )
        )
    else:
        rows.append(("(f) compat matrix", "no full run", "make compat (or --compat) writes build/compat/timing.json"))
    width = max(len(r[0]) for r in rows)
    for name, value, extra in rows:
        print(f"{name:<{width}}  {value:>10}  {extra}")
    print("\nten slowest tests (setup + call + teardown):")
    for entry in result["tests"]["slowest"]:
        print(f"  {entry['seconds'] * 1000:7.1f} ms  {entry['test']}")
    if result["tests"]["most_waiting"]:
        print("most waiting:")
        for entry in result["tests"]["most_waiting"]:
            print(
                f"  {(entry['select_s'] + entry['sleep_s']) * 1000:7.1f} ms  {entry['test']} ({entry['selects']} blocking selects)"
            )
    print(f"\ntargets: {result['targets']}\nwritten: build/bench.json")


if __name__ == "__main__":
    sys.exit(main())
