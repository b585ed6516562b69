"""The code that the "Running async tests in parallel" page (`docs/parallel.md`) tests."""
