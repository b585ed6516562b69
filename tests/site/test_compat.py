"""Tests of ``siteext.compat``: the schema, the wording of the line, staleness and rendering.

The fixture project ``compat_fixture/`` (a page and its ``compat/outcomes.json``) stands in for
the real data, which only ``make compat`` writes.
"""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
from pathlib import Path

import markdown
import pytest

from siteext import compat

FIXTURE = Path(__file__).parent / "compat_fixture"
PAGE = "docs/page.md"
KEY = "0123456789abcdef"
# The site's extensions that decide where a line under a fence ends up.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.superfences", "pymdownx.tabbed"]


def environment(env_id: str, axis: str, version: str, **changed: str) -> dict:
    python = version if axis == "python" else "3.11.7"
    versions = {} if axis == "python" else {axis: version, **changed}
    return {"id": env_id, "axis": axis, "label": f"{axis} {version}", "python": python, "changed": versions}


ENVIRONMENTS = [
    environment("a21", "pytest-asyncio", "0.21.2", pytest="8.4.2"),
    environment("a23", "pytest-asyncio", "0.23.8"),
    environment("a24", "pytest-asyncio", "0.24.0"),
    environment("a2", "pytest-asyncio", "2.0.0"),
    environment("p84", "pytest", "8.4.2"),
    environment("py314", "python", "3.14.0"),
    environment("py315", "python", "3.15.0"),
]


def raw_data(**outcomes: object) -> dict:
    """Schema-1 data of one example on docs/page.md; environments not named passed."""
    measured = {"lock": "passed", **{env["id"]: "passed" for env in ENVIRONMENTS}, **outcomes}
    return {
        "schema": 1,
        "baseline": {"id": "lock", "python": "3.11.7", "packages": {"pytest": "9.0.1", "pytest-asyncio": "1.3.0"}},
        "environments": copy.deepcopy(ENVIRONMENTS),
        "pages": {PAGE: {KEY: {"line": 3, "outcomes": measured}}},
    }


def line_of(**outcomes: object) -> str | None:
    data = compat.parse(raw_data(**outcomes), "x.json")
    line = compat.compat_line(data, data.pages[PAGE][KEY])
    return line and line.text


def failed(error: str = "TypeError: boom") -> dict:
    return {"failed": error}


# -- The wording -----------------------------------------------------------------------------


def test_an_example_that_passes_everywhere_has_no_line():
    assert line_of() is None


def test_not_measurable_is_not_a_difference():
    assert line_of(a21="n/a", py315="n/a") is None


def test_failures_below_the_passing_versions_read_as_a_lower_bound():
    assert line_of(a21=failed(), a23=failed()) == "needs pytest-asyncio ≥ 0.24.0"


def test_failures_above_the_passing_versions_read_as_an_upper_bound():
    assert line_of(py314=failed(), py315=failed()) == "needs Python ≤ 3.11.7"


def test_failures_on_both_sides_read_as_a_range():
    assert line_of(a21=failed(), a23=failed(), a2=failed()) == "needs 0.24.0 ≤ pytest-asyncio ≤ 1.3.0"


def test_a_single_failure_names_its_environment_and_error():
    assert line_of(p84=failed("TypeError: boom")) == "fails on pytest 8.4.2 with TypeError: boom"


def test_failures_with_a_pass_between_them_are_named_one_by_one():
    assert line_of(a21=failed("E1"), a24=failed("E2")) == (
        "fails on pytest-asyncio 0.21.2 with E1 · fails on pytest-asyncio 0.24.0 with E2"
    )


def test_versions_failing_the_same_way_share_a_clause():
    assert line_of(a21=failed("E"), a24=failed("E"), p84=failed("E")) == (
        "fails on pytest-asyncio 0.21.2, 0.24.0 with E · fails on pytest 8.4.2 with E"
    )


def test_the_place_the_runner_puts_before_its_message_is_left_out():
    error = "docs/page.md:3: this example was expected to fail with TypeError, and passed"
    assert line_of(p84=failed(error)) == f"fails on pytest 8.4.2 with {compat.shorten(error.split(': ', 1)[1])}"


def test_clauses_past_the_line_length_are_counted():
    errors = {env: failed(f"Error{number}: " + "x" * 40) for number, env in enumerate(["a21", "a24", "p84", "py315"])}
    text = line_of(**errors)
    assert len(text) <= compat.LINE_CHARS + len(" · 9 more")
    assert text.startswith("fails on pytest-asyncio 0.21.2 with Error0") and text.endswith(" · 3 more")


def test_a_version_not_measured_does_not_break_a_range():
    assert line_of(a21=failed(), a23="n/a", a24=failed()) == "needs pytest-asyncio ≥ 1.3.0"


def test_each_axis_gets_its_clause():
    assert line_of(a21=failed(), a23=failed(), p84=failed("E")) == (
        "needs pytest-asyncio ≥ 0.24.0 · fails on pytest 8.4.2 with E"
    )


def test_a_long_error_is_cut_in_the_line_and_whole_in_its_title():
    error = "AssertionError: " + "x" * 200
    data = compat.parse(raw_data(p84=failed(error)), "x.json")
    line = compat.compat_line(data, data.pages[PAGE][KEY])
    shown = line.text.removeprefix("fails on pytest 8.4.2 with ")
    assert len(shown) == compat.ERROR_CHARS and shown.endswith("…")
    assert error in html.unescape(compat.line_html(line))


def test_markdown_leaves_the_line_as_written():
    error = "ValueError: *not* `code`, [a](b) <b>x</b> & _y_ | {z} \\n 'q' \"qq\""
    data = compat.parse(raw_data(p84=failed(error)), "x.json")
    line = compat.compat_line(data, data.pages[PAGE][KEY])
    rendered = markdown.markdown(compat.line_html(line), extensions=EXTENSIONS)
    span = re.fullmatch(r'<p><span class="compat-line" title="([^"]*)">([^<]*)</span></p>', rendered)
    assert span, rendered
    assert html.unescape(span[1]) == f"Measured by make compat. pytest 8.4.2: {error}"
    assert html.unescape(span[2]) == line.text


# -- The schema ------------------------------------------------------------------------------


def broken(change) -> dict:
    data = raw_data()
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (broken(lambda d: d.update(schema=2)), "x.json: schema: expected 1, got 2"),
        (broken(lambda d: d.pop("pages")), "x.json: pages: missing"),
        (broken(lambda d: d["environments"].append(d["environments"][0])), "environments[7].id: duplicate"),
        (broken(lambda d: d["environments"][0]["changed"].pop("pytest-asyncio")), "does not name the axis"),
        (broken(lambda d: d["baseline"]["packages"].pop("pytest")), "baseline.packages: no version of 'pytest'"),
        (
            broken(lambda d: d["pages"][PAGE][KEY]["outcomes"].update(p84="skipped")),
            f"x.json: pages['{PAGE}']['{KEY}'].outcomes['p84']: expected 'passed', 'n/a' or",
        ),
        (broken(lambda d: d["pages"][PAGE][KEY]["outcomes"].update(gone="passed")), "['gone']: no such environment"),
        (
            broken(lambda d: d["pages"][PAGE][KEY]["outcomes"].update(lock=failed())),
            "no example may fail on the baseline",
        ),
        (broken(lambda d: d["pages"][PAGE].update(ABC={})), "['ABC']: an example key is 16 lower-case hex"),
        (broken(lambda d: d["pages"][PAGE][KEY].update(line="3")), ".line: expected a line number, got '3'"),
        (broken(lambda d: d["pages"].update({"page.md": {}})), "expected a page path like 'docs/page.md'"),
    ],
)
def test_a_file_off_the_schema_is_refused_naming_file_and_field(data, message):
    with pytest.raises(compat.CompatDataError) as raised:
        compat.parse(data, "x.json")
    assert message in str(raised.value)


def test_an_example_that_skips_itself_may_be_not_measurable_on_the_baseline():
    assert line_of(lock="n/a", a21="n/a", py315=failed("E")) == "fails on python 3.15.0 with E"


def test_a_file_that_is_not_json_is_refused_by_name(tmp_path):
    file = tmp_path / "outcomes.json"
    file.write_text("{", encoding="utf-8")
    with pytest.raises(compat.CompatDataError, match=r"^compat/outcomes.json: not JSON"):
        compat.load(file, "compat/outcomes.json")


# -- Staleness -------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


def edit(project: Path, old: str, new: str) -> None:
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")


def test_the_fixture_data_is_current(project):
    data, pages, problems = compat.check(project)
    assert data is not None and set(pages) == {PAGE}
    assert problems == []


def test_without_the_data_file_nothing_is_stale(project):
    (project / compat.DATA_FILE).unlink()
    data, pages, problems = compat.check(project)
    assert (data, problems) == (None, [])


def test_editing_prose_keeps_the_data_current(project):
    edit(project, "The front matter above", "Many lines\nof new prose\n\nThe front matter above")
    assert compat.check(project)[2] == []


def test_a_not_run_example_needs_no_outcomes(project):
    edit(project, "import this_module_does_not_exist", "import another_module_that_does_not_exist")
    assert compat.check(project)[2] == []


def test_changed_code_names_the_page_line_and_the_command(project):
    edit(project, "def test_everywhere():", "def test_everywhere_renamed():")
    problems = compat.check(project)[2]
    assert problems == [
        f"{PAGE}:29: no outcomes for this example in compat/outcomes.json (new or changed code); "
        f"run `make compat PAGES={PAGE}` or `make compat`",
        f"{PAGE}:29: compat/outcomes.json holds an example this page no longer has (key "
        f"{_key_of(project, 'test_everywhere')}, measured at line 29); run `make compat PAGES={PAGE}` or `make compat`",
    ]


def test_an_environment_not_run_for_an_example_is_named(project):
    file = project / compat.DATA_FILE
    data = json.loads(file.read_text(encoding="utf-8"))
    key = _key_of(project, "test_everywhere")
    del data["pages"][PAGE][key]["outcomes"]["pytest-8.4"]
    file.write_text(json.dumps(data), encoding="utf-8")
    assert compat.check(project)[2] == [
        f"{PAGE}:29: no outcome in pytest-8.4 for this example in compat/outcomes.json; run `make compat PAGES={PAGE}`"
    ]


def test_a_page_that_is_gone_is_named(project):
    (project / PAGE).rename(project / "docs" / "renamed.md")
    problems = compat.check(project)[2]
    assert f"compat/outcomes.json: holds outcomes for {PAGE}, which no longer exists; run `make compat`" in problems
    assert any(problem.startswith("docs/renamed.md:9: no outcomes") for problem in problems)


def _key_of(project: Path, test_name: str) -> str:
    data = json.loads((project / compat.DATA_FILE).read_text(encoding="utf-8"))
    page = compat.read_page(FIXTURE / PAGE, PAGE, FIXTURE)
    example = next(example for example in page.examples if test_name in example.tests)
    key = compat.example_key(example)
    assert key in data["pages"][PAGE]
    return key


# -- Rendering -------------------------------------------------------------------------------


def rendered(project: Path, with_data: bool = True) -> tuple[str, str]:
    """(the Markdown the hook hands on, its HTML) for the fixture page."""
    data, pages, _ = compat.check(project)
    source = (project / PAGE).read_text(encoding="utf-8")
    body = source.split("---\n", 2)[2]  # as MkDocs passes it: without the front matter
    text, problems = compat.render(body, source, pages[PAGE], data if with_data else None)
    assert problems == []
    return text, markdown.markdown(text, extensions=EXTENSIONS)


def test_a_line_follows_each_example_that_differs_and_no_other(project):
    text, page_html = rendered(project)
    assert re.findall(r'class="compat-line"[^>]*>([^<]*)<', page_html) == [
        "needs pytest-asyncio ≥ 0.24.0",
        "fails on pytest 8.4 with AssertionError: a failure whose first line is much longer t…",
    ]
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if "compat-line" in line)
    assert lines[first - 2 : first] == ["```", ""]
    assert lines[first - 3].strip() == "assert True"


def test_the_line_of_an_example_in_an_admonition_stays_in_it(project):
    _, page_html = rendered(project)
    admonition = page_html.split('<div class="admonition note">')[1].split("\n</div>")[0]
    assert 'class="compat-line"' in admonition and "fails on pytest 8.4" in admonition


def test_the_table_marker_becomes_the_axis_table(project):
    text, page_html = rendered(project)
    assert "<!-- compat-table: pytest-asyncio -->" in text  # the one shown in a text fence
    assert text.count("<!-- compat-table") == 1
    assert (
        "(0.21.2 ran with pytest 8.4.2, the pytest configuration translated to options it knows; "
        "0.23.8, 0.24.0 ran with pytest 8.4.2)"
    ) in text
    rows = re.findall(r"<tr>(.*?)</tr>", page_html, re.S)
    assert len(rows) == 2  # the heading and test_loop_scope, the one example that differs on pytest-asyncio
    assert re.findall(r"<th[^>]*>([^<]*)</th>", rows[0]) == [
        "Example, by pytest-asyncio version",
        "0.21.2",
        "0.23.8",
        "0.24.0",
        "1.3.0 (the lock)",
    ]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", rows[1])
    assert '<a href="#a-page-with-compatibility-data">' in cells[0] and "test_loop_scope" in cells[0]
    assert [re.sub(r"<[^>]+>", "", cell) for cell in cells[1:]] == ["✗", "✗", "✓", "✓"]


def test_without_data_the_marker_says_how_to_make_it(project):
    text, _ = rendered(project, with_data=False)
    assert compat.NO_DATA in text
    assert "compat-line" not in text


def test_a_marker_for_an_axis_the_data_lacks_is_reported_at_its_line(project):
    edit(project, "\n<!-- compat-table: pytest-asyncio -->\n", "\n<!-- compat-table: httpx -->\n")
    data, pages, _ = compat.check(project)
    source = (project / PAGE).read_text(encoding="utf-8")
    _, problems = compat.render(source, source, pages[PAGE], data)
    assert problems == [f"{PAGE}:40: compat/outcomes.json has no environments on the axis 'httpx'"]
