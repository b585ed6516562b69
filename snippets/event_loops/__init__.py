"""The code that the "How pytest-asyncio runs your code" page (`docs/event-loops.md`) tests."""
