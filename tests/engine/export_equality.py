"""Export equals page, the comparison: per test id, the outcome through the plugin and exported.

Used by ``test_export_equals_page.py`` on the engine's pages, and by ``make verify-examples``
on the site, where the doc suite's own run is the plugin side (recorded with
``-p record_outcomes``) and the exported modules run once, after it:
``python tests/engine/export_equality.py PAGES.json EXPORTED.json`` from the project root.
The items the plugin adds for examples that are not tests (``test_fence_L<line>`` of plain
code and includes) have no counterpart: in the export that code runs when the module is
imported, so they must pass and the module must import.
"""

import json
import re
import sys
from pathlib import Path

from mdpytest.examples import read_page
from mdpytest.export import module_stem


def exported_id(nodeid: str) -> str:
    """``docs/a-b.md::L12::test_x[1]`` -> ``test_a_b__L12.py::test_x[1]``."""
    page, _, rest = nodeid.partition("::")
    stem = module_stem(Path(page).resolve(), Path("docs").resolve())
    if own := re.match(r"L(\d+)::(.*)", rest):
        return f"{stem}__L{own[1]}.py::{own[2]}"
    return f"{stem}.py::{rest}"


def compare(project: Path, plugin: dict, exported: dict) -> list[str]:
    differences = []
    if plugin["broken"] or exported["broken"]:
        differences.append(f"collection errors: plugin {plugin['broken']}, export {exported['broken']}")
    without_counterpart = {}
    for page in sorted((project / "docs").rglob("*.md")):
        model = read_page(page, page.relative_to(project).as_posix(), project)
        for example in model.examples:
            if example.not_run is None and (
                example.kind == "include" or (example.kind == "code" and not example.tests and not example.expected)
            ):
                without_counterpart[f"{model.path}::{example.item_name}"] = model.path
    seen = set()
    for nodeid, outcome in plugin["outcomes"].items():
        if nodeid.endswith(".md"):  # a whole page skipped at collection
            key = module_stem(Path(nodeid).resolve(), Path("docs").resolve()) + ".py"
        elif nodeid in without_counterpart:
            if outcome != "passed":
                differences.append(f"{nodeid}: {outcome} through the plugin, imported in the export")
            continue
        else:
            key = exported_id(nodeid)
        seen.add(key)
        if exported["outcomes"].get(key) != outcome:
            differences.append(
                f"{nodeid}: {outcome} through the plugin, {exported['outcomes'].get(key)} exported ({key})"
            )
    extra = [key for key in exported["outcomes"] if key not in seen and not key.endswith("::test_page_examples_ran")]
    differences += [f"{key}: only in the export" for key in extra]
    return differences


def main(argv: list[str]) -> int:
    plugin, exported = (json.loads(Path(name).read_text(encoding="utf-8")) for name in argv)
    # The doc suite's run also holds the engine's and the snippets' tests: only pages are exported.
    plugin["outcomes"] = {key: value for key, value in plugin["outcomes"].items() if key.startswith("docs/")}
    plugin["broken"] = [key for key in plugin["broken"] if key.startswith("docs/")]
    if not plugin["outcomes"]:
        print("export equals page: the doc suite's record holds no page", file=sys.stderr)
        return 1
    differences = compare(Path.cwd(), plugin, exported)
    print("\n".join(differences) or f"export equals page: {len(plugin['outcomes'])} outcomes of the pages agree")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
