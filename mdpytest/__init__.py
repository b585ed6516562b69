"""mdpytest: every Markdown page under ``docs/`` is a pytest test module.

``fences`` reads a page's code fences and their options, ``page`` turns them into a module
that pytest collects, ``expectations`` holds "wrong" examples to the failure they promise,
``configs`` verifies pytest configuration fences, and ``plugin`` wires it into pytest.
"""
