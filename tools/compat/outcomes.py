"""From one page's JUnit report to each example's outcome, and into ``compat/outcomes.json``.

An exported module holds a page's examples in page order, each opened by a ``# docs/page.md:LINE``
comment (``mdpytest.export``); its tests are the names an example binds (``Example.tests``) or
the item of an example that is not a test itself (``Example.item_name``). An example with
neither (plain definitions) is judged by whether its module imported. A module that fails to
import is charged to the example whose code the traceback last passes through in the exported
modules; the examples it kept from running are "n/a".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from mdpytest.examples import Example, Page
from siteext.compat import NOT_MEASURED, PASSED, example_key, is_runnable

HEADER = re.compile(r"^# (?P<page>\S+\.md):(?P<line>\d+)\b", re.M)
ERROR_LINE_LIMIT = 240


def failed(error: str) -> dict[str, str]:
    return {"failed": error}


@dataclass
class Case:
    """One ``<testcase>`` of a JUnit report."""

    module: str  # test_basics (the classname up to its first dot)
    name: str  # the test's name without parameters, or its class's
    status: str  # passed, failed, skipped
    error: str = ""  # the first line of the error, paths stripped
    lines: list[tuple[str, int]] = field(default_factory=list)  # (module, line) of the traceback


def read_junit(text: str) -> tuple[list[Case], list[Case]]:
    """(tests, modules that failed to collect or were skipped whole) from a JUnit XML report."""
    tests, modules = [], []
    for element in ET.fromstring(text).iter("testcase"):
        classname, name = element.get("classname", ""), element.get("name", "")
        problem = next((child for child in element if child.tag in {"failure", "error"}), None)
        skipped = next((child for child in element if child.tag == "skipped"), None)
        if problem is not None:
            status = "failed"
            error, lines = _error(problem)
        else:
            status, error, lines = ("skipped" if skipped is not None else PASSED), "", []
        if not classname:  # a collection report: name is the module's path
            modules.append(Case(name.removesuffix(".py").replace("/", "."), "", status, error, lines))
            continue
        module, _, cls = classname.partition(".")
        tests.append(Case(module, cls.split(".")[0] if cls else name.split("[")[0], status, error, lines))
    return tests, modules


_WRAPPED = re.compile(r'^failed on (?:setup|teardown) with "(?P<inner>.*)"$', re.S)
_FRAME = re.compile(r"(?:^|[\s/])(?P<module>test_\w+)\.py:(?P<line>\d+)", re.M)


def _error(problem: ET.Element) -> tuple[str, list[tuple[str, int]]]:
    text = problem.text or ""
    message = problem.get("message", "")
    if match := _WRAPPED.match(message):
        message = match["inner"]
    if not message or message == "collection failure":
        message = next((line[1:].strip() for line in text.splitlines() if line.startswith("E ")), "") or text
    lines = [(m["module"], int(m["line"])) for m in _FRAME.finditer(text)]
    return first_line(message), lines


_PATH = re.compile(r"(?:[A-Za-z]:)?(?:/[^\s/:'\"()<>,]+)+/(?P<name>[^\s/:'\"()<>,]+)")
_ADDRESS = re.compile(r"\b0x[0-9a-f]{6,}\b")
# How many warnings a garbage collection run happened to gather varies from run to run.
_COUNT = re.compile(r"\(\d+ sub-exceptions?\)")


def first_line(message: str) -> str:
    """The message's first non-empty line, with paths cut to their last part and no addresses."""
    line = next((line.strip() for line in message.splitlines() if line.strip()), "")
    line = _PATH.sub(lambda match: match["name"], line)
    line = _ADDRESS.sub("0x…", line)
    line = _COUNT.sub("(sub-exceptions)", line)
    return line if len(line) <= ERROR_LINE_LIMIT else line[: ERROR_LINE_LIMIT - 1] + "…"


def regions(source: str) -> list[tuple[int, int]]:
    """(line in the exported module, page line) of each example's header, in order."""
    return [(source.count("\n", 0, match.start()) + 1, int(match["line"])) for match in HEADER.finditer(source)]


def example_at(module_regions: list[tuple[int, int]], line: int) -> int | None:
    """The page line of the example whose code holds ``line`` of the exported module."""
    found = None
    for start, page_line in module_regions:
        if start > line:
            break
        found = page_line
    return found


def module_of(example: Example, stem: str) -> str:
    """The exported module an example lands in (see ``mdpytest.export``)."""
    if example.own_namespace and example.kind != "config":
        return f"{stem}__L{example.line}"
    return stem


def item_names(example: Example) -> tuple[str, ...]:
    """The tests pytest collects for the example; () when only its module's import judges it."""
    if example.kind == "code" and (example.tests or not example.expected):
        return example.tests
    return (example.item_name,)


def page_outcomes(page: Page, stem: str, sources: dict[str, str], report: str | None, crash: str = "") -> dict:
    """Example key -> {"line", "outcome"} for one page's run in one environment.

    ``sources`` maps each exported module's name to its text; ``report`` is the JUnit XML, or
    None when pytest wrote none (it stopped before collecting: ``crash`` says why).
    """
    examples = [example for example in page.examples if is_runnable(example)]
    if report is None:
        outcome = failed(first_line(crash) or "pytest wrote no report")
        return {example_key(e): {"line": e.line, "outcome": outcome} for e in examples}
    tests, modules = read_junit(report)
    module_regions = {name: regions(text) for name, text in sources.items()}
    broken: dict[str, tuple[int | None, str]] = {}  # module -> (page line charged, error)
    skipped_whole = set()
    for case in modules:
        if case.status == "skipped":
            skipped_whole.add(case.module)
        elif case.status == "failed":
            broken[case.module] = (_charged(case, module_regions), case.error)
    by_name: dict[tuple[str, str], list[Case]] = {}
    for case in tests:
        by_name.setdefault((case.module, case.name), []).append(case)
    result = {}
    for example in examples:
        module = module_of(example, stem)
        if module in broken:
            line, error = broken[module]
            outcome = failed(error) if line == example.line or line is None else NOT_MEASURED
        elif module in skipped_whole:
            outcome = NOT_MEASURED
        else:
            names = item_names(example)
            outcome = _combine([case for name in names for case in by_name.get((module, name), [])], bool(names))
        result[example_key(example)] = {"line": example.line, "outcome": outcome}
    return result


def _charged(case: Case, module_regions: dict[str, list[tuple[int, int]]]) -> int | None:
    """The page line of the example the import failed in: the traceback's last frame in the export."""
    for module, line in reversed(case.lines):
        if module in module_regions and (found := example_at(module_regions[module], line)) is not None:
            return found
    return None


def _combine(cases: list[Case], has_items: bool):
    if not has_items:
        return PASSED  # its module imported
    if not cases:
        return NOT_MEASURED
    if failures := [case for case in cases if case.status == "failed"]:
        return failed(failures[0].error)
    if all(case.status == "skipped" for case in cases):
        return NOT_MEASURED
    return PASSED


# The data file.


def merge(
    data: dict | None,
    baseline: dict,
    environments: list[dict],
    order: list[str],
    measured: dict[str, dict[str, dict]],
    pages: list[str],
    all_pages: bool,
) -> dict:
    """``outcomes.json`` with this run's measurements merged in.

    ``environments`` are the entries of the environments run now; ``order`` is every
    environment id of ``compat/environments.toml`` (baseline first). ``measured`` maps
    environment id -> page -> example key -> {"line", "outcome"}; ``pages`` are the pages run
    now, whose examples replace the page's old ones (keys no longer on the page go). With
    ``all_pages``, pages not run now are dropped too (they no longer have examples).
    """
    old = data or {"schema": 1, "baseline": baseline, "environments": [], "pages": {}}
    envs = {env["id"]: env for env in old.get("environments", [])}
    envs.update({env["id"]: env for env in environments})
    known = set(order)
    result_pages: dict[str, dict] = {}
    for page in sorted(set(old.get("pages", {})) | set(pages)):
        if page not in pages:
            if not all_pages:
                result_pages[page] = _keep(old["pages"][page], known, order)
            continue
        current = {}
        for env_id, by_page in measured.items():
            for key, entry in by_page.get(page, {}).items():
                current.setdefault(key, {"line": entry["line"], "outcomes": {}})["outcomes"][env_id] = entry["outcome"]
        previous = old.get("pages", {}).get(page, {})
        for key, entry in current.items():
            for env_id, value in previous.get(key, {}).get("outcomes", {}).items():
                entry["outcomes"].setdefault(env_id, value)
        if current:
            result_pages[page] = _keep(current, known, order)
    return {
        "schema": 1,
        "baseline": baseline,
        "environments": [envs[env_id] for env_id in order[1:] if env_id in envs],
        "pages": result_pages,
    }


def _keep(examples: dict, known: set[str], order: list[str]) -> dict:
    """The examples ordered by line, each one's outcomes in the environments' order."""
    rank = {env_id: number for number, env_id in enumerate(order)}
    return {
        key: {
            "line": entry["line"],
            "outcomes": dict(
                sorted(((e, v) for e, v in entry["outcomes"].items() if e in known), key=lambda item: rank[item[0]])
            ),
        }
        for key, entry in sorted(examples.items(), key=lambda item: (item[1]["line"], item[0]))
    }


def skips_itself(example: Example) -> bool:
    """Whether the reader sees the example skip itself somewhere (a version mark, ``pytest.skip``)."""
    return bool(_SKIPS.search(example.fence.code))


_SKIPS = re.compile(r"\b(?:skipif|skip|importorskip)\(")


def not_passed(data: dict, baseline: str, may_skip: set[str] = frozenset()) -> list[str]:
    """``page:line: outcome`` for every example that did not pass, or was not run, on the baseline.

    Examples in ``may_skip`` (keys of examples that skip themselves, such as a test marked for a
    newer Python) may be "n/a" there; never failed.
    """
    return [
        f"{page}:{entry['line']}: {entry['outcomes'].get(baseline, 'not run')}"
        for page, examples in data["pages"].items()
        for key, entry in examples.items()
        if entry["outcomes"].get(baseline) != PASSED
        and not (key in may_skip and entry["outcomes"].get(baseline) == NOT_MEASURED)
    ]
