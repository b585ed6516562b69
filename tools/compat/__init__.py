"""``make compat``: every page's examples in each environment of ``compat/environments.toml``.

Each environment changes one axis from ``requirements.lock`` (a package's version, or the
Python interpreter). ``python -m tools.compat`` builds each one once under
``build/compat/<id>/`` (``environments``), exports the pages (``mdpytest.export``), gives each
environment the export's pytest configuration in a form its versions read (``config``), runs
each page's exported modules in one pytest process per page and environment with a JUnit
report, and maps every test back to the example it came from (``outcomes``), into
``compat/outcomes.json`` (schema: ``COMPAT_SPEC.md``). The run's time goes to
``build/compat/timing.json``.
"""
