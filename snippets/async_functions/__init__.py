"""The code that the "Testing async functions" page (`docs/async-functions.md`) tests."""
