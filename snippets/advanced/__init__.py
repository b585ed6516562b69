"""The code that the "Advanced patterns" page (`docs/advanced.md`) tests."""
