"""Code under test for the Python 3.14 and 3.15 page (`docs/python-3-14.md`)."""
