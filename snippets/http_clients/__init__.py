"""The code that the "Testing HTTP client code" page (`docs/http-clients.md`) tests."""
