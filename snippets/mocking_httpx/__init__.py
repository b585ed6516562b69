"""The code that the "Mocking httpx" page (`docs/mocking-httpx.md`) tests."""
