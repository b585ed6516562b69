"""Bad Markdown input is an error naming the page and line, never a silent pass."""

import pytest

CASES = {
    "syntax error": (
        "# Page\n\n```python\ndef broken(:\n    pass\n```\n",
        "docs/page.md:4: syntax error in python fence: *",
    ),
    "unterminated fence": (
        "# Page\n\ntext\n\n```python\ndef test_never_closed():\n    assert True\n",
        "docs/page.md:5: unterminated code fence '```'",
    ),
    "unknown class": (
        "# Page\n\n``` { .python .skip-me }\nx = 1\n```\n",
        "docs/page.md:3: unknown fence option '.skip-me' *",
    ),
    "unknown key": (
        '# Page\n\n``` { .python data-retries="3" }\nx = 1\n```\n',
        "docs/page.md:3: unknown fence option 'data-retries'",
    ),
    "stray word in the short form": (
        "# Page\n\n```python notest\nx = 1\n```\n",
        "docs/page.md:3: unknown fence option 'notest'",
    ),
    "backtick in the info string": (
        '# Page\n\n``` { .python .expect-fail data-raises="E" data-match="`x`" }\nx = 1\n```\n',
        "docs/page.md:3: a backtick in the info string makes this no fence at all",
    ),
    "not run without a reason": (
        "# Page\n\n``` { .python .not-run }\nx = 1\n```\n",
        "docs/page.md:3: .not-run needs a reason the reader can see*",
    ),
    "expect-fail without the exception": (
        "# Page\n\n``` { .python .expect-fail }\nx = 1\n```\n",
        "docs/page.md:3: .expect-fail needs the exception it fails with*",
    ),
    "test defined twice": (
        "# Page\n\n```python\ndef test_same():\n    assert True\n```\n\n"
        "```python\ndef test_same():\n    assert False\n```\n",
        "docs/page.md:9: test_same is already defined at line 4",
    ),
    "missing include": (
        '# Page\n\n```python\n--8<-- "snippets/nowhere.py"\n```\n',
        "docs/page.md:3: included file not found: snippets/nowhere.py",
    ),
}


@pytest.mark.parametrize("markdown, message", CASES.values(), ids=CASES.keys())
def test_bad_input_is_a_collection_error_at_its_line(pytester, write_page, markdown, message):
    write_page(markdown)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ERROR collecting docs/page.md*", f"*{message}*"])
    assert result.ret == pytest.ExitCode.INTERRUPTED
