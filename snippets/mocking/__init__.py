"""The code that the "Mocking async code" page (`docs/mocking.md`) tests."""
