"""What the guide's site adds to MkDocs.

``tested_with`` is a plain Markdown extension, configured under ``markdown_extensions`` in
``mkdocs.yml``, so that MkDocs and Zensical both run it. ``compat_hooks`` is an MkDocs hook
(``hooks:``): the compatibility lines depend on which page is rendered and the staleness check
on every page, which a Markdown extension does not see; its decisions live in ``compat``,
which needs nothing from MkDocs.
"""
