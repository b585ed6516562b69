"""The code that the "Testing against a real PostgreSQL" page (`docs/postgresql.md`) tests."""
