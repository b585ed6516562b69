"""The code that the "Time without waiting" page (`docs/time.md`) tests."""
