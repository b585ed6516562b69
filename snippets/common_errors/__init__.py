"""Code under test for docs/common-errors.md: each module is the smallest real code that
produces one reported error."""
