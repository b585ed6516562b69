"""MkDocs hooks (``hooks:`` in ``mkdocs.yml``) that put ``compat/outcomes.json`` on the site.

A hook, not a Markdown extension, because the lines depend on which page is rendered, which
only MkDocs knows, and because stale data is a property of the whole set of pages. Every
decision is in ``siteext.compat``; this file only calls it at the right events.

- ``on_files``: load the data and check it against every page; each stale example is a
  warning naming ``docs/page.md:LINE`` and the command that refreshes it, so ``--strict``
  fails. Without the file the build passes, with one info message.
- ``on_page_markdown``: a line after each example that behaves differently somewhere, and
  the tables at ``<!-- compat-table: AXIS -->`` markers. Positions come from the page's own
  file, so every line number reported is the editor's.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from mdpytest.fences import FenceError
from siteext import compat

log = get_plugin_logger("compat")
_build: dict = {}


def on_files(files, config):
    root = Path(config.config_file_path).parent
    try:
        data, pages, problems = compat.check(root)
    except (compat.CompatDataError, FenceError) as error:
        raise PluginError(str(error)) from None
    if data is None:
        log.info(f"no {compat.DATA_FILE}: examples show no compatibility lines; `{compat.refresh_command()}` writes it")
    for problem in problems:
        log.warning(f"stale compatibility data: {problem}")
    _build.update(root=root, data=data, pages=pages)
    return files


def on_page_markdown(markdown, page, config, files):
    file = Path(page.file.abs_src_path)
    model = _build["pages"][file.relative_to(_build["root"]).as_posix()]
    markdown, problems = compat.render(markdown, file.read_text(encoding="utf-8-sig"), model, _build["data"])
    for problem in problems:
        log.warning(problem)
    return markdown
