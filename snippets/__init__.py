"""Code under test for the guide's pages.

Each module is small, real code that one or more pages show through ``--8<--`` includes and
test in their examples.
"""
