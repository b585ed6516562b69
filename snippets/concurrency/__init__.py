"""The code that the "Testing concurrency" page (`docs/concurrency.md`) tests."""
