"""The code that the "Lifespan, streaming and background work in web apps" page (`docs/web-lifecycle.md`) tests."""
