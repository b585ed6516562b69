"""Python-Markdown extensions used by the guide's site.

They are plain Markdown extensions, configured under ``markdown_extensions`` in
``mkdocs.yml``, so that MkDocs and Zensical both run them.
"""
