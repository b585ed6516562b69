"""Code under test for the guide's pages.

Each page's own code is in a package named after the page (``snippets.mocking`` for
``docs/mocking.md``); the modules at the top of the package are shared by two or more pages.
Pages show the code through ``--8<--`` includes and import it in their examples.
"""
