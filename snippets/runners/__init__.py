"""The code that the "Choosing a runner" page (`docs/runners.md`) tests."""
