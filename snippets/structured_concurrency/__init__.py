"""The code that the "Structured concurrency" page (`docs/structured-concurrency.md`) tests."""
