"""``python -m tools.compat [--pages docs/x.md ...] [--envs id,id] [--jobs 2]`` (``make compat``)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mdpytest import export
from mdpytest.examples import read_page
from siteext.compat import example_key
from tools.compat import config, outcomes
from tools.compat.environments import ROOT, Builder, Environment, changed, load, pins_of

DATA = ROOT / "compat" / "outcomes.json"
ENVIRONMENTS = ROOT / "compat" / "environments.toml"
BUILD = ROOT / "build" / "compat"
PAGE_TIMEOUT = 900  # seconds; pytest-timeout stops a single test long before
PYTEST = ["-m", "pytest", "-p", "no:mdpytest", "-p", "no:randomly", "-p", "no:cacheprovider", "-q"]


class Run:
    def __init__(self, pages: list[Path], builder: Builder, baseline_pins: dict[str, str]):
        self.builder, self.baseline_pins = builder, baseline_pins
        self.export_dir = BUILD / "export"
        self.written = export.export(self.export_dir, pages, ROOT)
        self.models = {key: read_page(ROOT / "docs" / key, f"docs/{key}", ROOT) for key in self.written}
        self.table = tomllib.loads((self.export_dir / "pyproject.toml").read_text())["tool"]["pytest"]

    def environment(self, env: Environment) -> tuple[dict, dict, dict]:
        """(its outcomes.json entry, page -> key -> outcome, timing)."""
        started = time.perf_counter()
        requirements = self.builder.resolve(env)
        python = self.builder.install(env, requirements)
        built = time.perf_counter()
        versions = pins_of(requirements)
        pages_dir = env.folder / "pages"
        shutil.rmtree(pages_dir, ignore_errors=True)
        shutil.copytree(self.export_dir, pages_dir)
        text, rules = config.translate(self.table, versions)
        conftest, guard = config.conftest((self.export_dir / "conftest.py").read_text(), versions)
        (pages_dir / "conftest.py").write_text(conftest)
        rules += guard
        (pages_dir / "pyproject.toml").write_text(
            "# The site's pytest configuration, as this environment reads it.\n" + text
        )
        measured, seconds = {}, {}
        for key, files in self.written.items():
            page_started = time.perf_counter()
            measured[f"docs/{key}"] = self.page(env, pages_dir, key, files)
            seconds[f"docs/{key}"] = round(time.perf_counter() - page_started, 2)
            failed = sum(entry["outcome"] != outcomes.PASSED for entry in measured[f"docs/{key}"].values())
            print(
                f"compat: {env.id}: docs/{key}: {len(measured[f'docs/{key}'])} examples, {failed} not passed",
                flush=True,
            )
        entry = {"id": env.id, "python": python}
        if env.axis is not None:
            entry = {
                "id": env.id,
                "axis": env.axis,
                "label": env.label,
                "python": python,
                "changed": changed(versions, self.baseline_pins),
                "translated_config": bool(rules),
            }
        timing = {"build": round(built - started, 2), "run": round(time.perf_counter() - built, 2), "pages": seconds}
        return entry, measured, timing

    def page(self, env: Environment, pages_dir: Path, key: str, files: list[str]) -> dict:
        stem = Path(files[0]).stem
        report = pages_dir / "junit" / f"{stem}.xml"
        report.parent.mkdir(exist_ok=True)
        python = self.builder.path(env, env.folder / "venv" / "bin" / "python")
        argv = [python, *PYTEST, "-o", "junit_family=xunit1", f"--junitxml={report.relative_to(pages_dir)}", *files]
        pythonpath = self.builder.path(env, ROOT)
        variables = {key: value for key, value in os.environ.items() if key not in {"PYTEST_ADDOPTS", "VIRTUAL_ENV"}}
        variables["PYTHONPATH"] = pythonpath
        if env.in_sidroot:
            argv = self.builder.command(
                env, ["env", "-C", self.builder.path(env, pages_dir), f"PYTHONPATH={pythonpath}", *argv]
            )
        try:
            result = subprocess.run(
                argv, cwd=pages_dir, env=variables, capture_output=True, text=True, timeout=PAGE_TIMEOUT
            )
            crash = result.stderr or result.stdout
            (pages_dir / "junit" / f"{stem}.log").write_text(result.stdout + result.stderr)
        except subprocess.TimeoutExpired:
            crash = f"the page's pytest process ran over {PAGE_TIMEOUT} s"
            report.unlink(missing_ok=True)
        sources = {Path(name).stem: (pages_dir / name).read_text() for name in files}
        text = report.read_text() if report.is_file() else None
        return outcomes.page_outcomes(self.models[key], stem, sources, text, _crash_line(crash))


def _crash_line(output: str) -> str:
    """What a pytest that wrote no report said last: its ``ERROR:`` line, or the last line."""
    lines = [line for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith(("ERROR:", "E "))]
    return (errors or lines or [""])[-1].removeprefix("E ").strip()


def write_timing(path: Path, timing: dict) -> None:
    """Record this run as the last one, and as the last full one if it ran the whole matrix."""
    old = json.loads(path.read_text()) if path.is_file() else {}
    record = {"last": timing, "last_full": timing if timing["full_matrix"] else old.get("last_full")}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.compat", description=__doc__)
    parser.add_argument("--pages", nargs="*", type=Path, default=[], help="pages to refresh (default: every page)")
    parser.add_argument("--envs", default="", help="environment ids, comma-separated (default: all)")
    parser.add_argument("--jobs", type=int, default=2, help="environments built and run at once (default: 2)")
    args = parser.parse_args(argv)
    every = load(ENVIRONMENTS)
    wanted = [name for name in args.envs.split(",") if name]
    unknown = sorted(set(wanted) - {env.id for env in every})
    if unknown:
        parser.error(f"no such environment: {', '.join(unknown)} (see {ENVIRONMENTS.relative_to(ROOT)})")
    selected = [env for env in every if not wanted or env.id in wanted]
    pages = [page.resolve() for page in args.pages] or sorted((ROOT / "docs").rglob("*.md"))
    started = time.perf_counter()
    builder = Builder(ROOT / "requirements.lock", ROOT / "pyproject.toml")
    baseline = every[0]
    baseline_pins = pins_of(builder.resolve(baseline))
    run = Run(pages, builder, baseline_pins)
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = dict(zip([env.id for env in selected], pool.map(run.environment, selected), strict=True))
    old = json.loads(DATA.read_text()) if DATA.is_file() else None
    if baseline.id in results:
        base_entry = {"id": baseline.id, "python": results[baseline.id][0]["python"], "packages": baseline_pins}
    elif old is not None:
        base_entry = old["baseline"]
    else:
        parser.error(f"the first run must include the baseline {baseline.id!r}")
    data = outcomes.merge(
        old,
        base_entry,
        [entry for env_id, (entry, _, _) in results.items() if env_id != baseline.id],
        [env.id for env in every],
        {env_id: measured for env_id, (_, measured, _) in results.items()},
        [f"docs/{key}" for key in run.written],
        all_pages=not args.pages,
    )
    DATA.parent.mkdir(exist_ok=True)
    DATA.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    elapsed = time.perf_counter() - started
    timing = {
        "seconds": round(elapsed, 1),
        "jobs": args.jobs,
        "environments": len(selected),
        "pages": len(run.written),
        "full_matrix": not args.pages and not wanted,
        "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_at_end": [round(load, 2) for load in os.getloadavg()],
        "per_environment": {env_id: timing for env_id, (_, _, timing) in results.items()},
    }
    write_timing(BUILD / "timing.json", timing)
    examples = sum(len(examples) for examples in data["pages"].values())
    print(
        f"compat: {len(selected)} environments x {len(run.written)} pages in {elapsed:.0f} s; {DATA.relative_to(ROOT)}: {examples} examples"
    )
    # Of every page: the data holds pages this run did not measure too.
    may_skip = {
        example_key(example)
        for page in sorted((ROOT / "docs").rglob("*.md"))
        for example in read_page(page, page.relative_to(ROOT).as_posix(), ROOT).examples
        if outcomes.skips_itself(example)
    }
    if failures := outcomes.not_passed(data, baseline.id, may_skip):
        print(f"compat: every example must pass on the baseline {baseline.id!r}; these did not:", file=sys.stderr)
        print("\n".join(f"  {line}" for line in failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
