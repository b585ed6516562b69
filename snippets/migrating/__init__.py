"""The code that the "Migrating from older pytest-asyncio" page (`docs/migrating.md`) tests."""
