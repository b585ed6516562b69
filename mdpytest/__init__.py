"""mdpytest: the Markdown pages of the folders named by ``mdpytest_pages`` are pytest test modules.

``fences`` finds a page's code fences as MkDocs renders them, ``examples`` turns them into the
one model of the page, ``page`` builds the module pytest collects from it, ``runtime`` judges
expected failures (and ships with exported pages), ``configs`` verifies pytest configuration
fences, ``limits`` puts collection-time code under the timeout, ``export`` writes pages as
plain test modules, and ``plugin`` wires it into pytest.
"""
